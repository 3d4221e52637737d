using Snapshot.Format.Binary;

namespace Snapshot.Format.Kernels;

/// <summary>
/// Builds a kernel struct blob from canonical values, turning names into the target build's numbers.
/// A value the build has no field for must be zero (nothing is lost silently); a field the canonical form
/// does not carry is written as zero.
/// </summary>
internal sealed class StructBuilder
{
    private readonly Dictionary<string, ulong> _values = new(StringComparer.Ordinal);
    private readonly StructLayout _layout;
    private readonly KernelBuildProfile _profile;
    private readonly string _section;

    public StructBuilder(StructLayout layout, KernelBuildProfile profile)
    {
        _layout = layout;
        _profile = profile;
        _section = layout.SectionName;
        foreach (FieldLayout field in layout.Fields)
            _values[field.Name] = 0;
    }

    public void Number(string field, ulong value)
    {
        FieldLayout? layout = _layout.Find(field);
        if (layout is null)
        {
            if (value != 0)
                Fail($"build {_profile.Build}'s {_layout.Name} struct has no field '{field}' to hold {value}");
            return;
        }
        if (value > layout.MaxValue)
            Fail($"{_layout.Name}.{field} ({layout.Type}) of build {_profile.Build} cannot hold {value}");
        _values[field] = value;
    }

    public void EnumName(string field, string name)
    {
        FieldLayout layout = Require(field);
        if (layout.Enum is null || !_profile.Enums[layout.Enum].TryGetValue(name, out uint value))
        {
            Fail($"{_layout.Name}.{field}: build {_profile.Build} has no value '{name}' in enum {layout.Enum ?? "(none)"}");
            return;
        }
        Number(field, value);
    }

    public void FlagNames(string field, IReadOnlySet<string> names)
    {
        if (names.Count == 0)
            return;
        FieldLayout layout = Require(field);
        ulong value = 0;
        foreach (string name in names.Order(StringComparer.Ordinal))
        {
            if (layout.Flags is null || !_profile.Flags[layout.Flags].TryGetValue(name, out ulong bit))
            {
                Fail($"{_layout.Name}.{field}: build {_profile.Build} has no flag '{name}' in {layout.Flags ?? "(none)"}");
                return;
            }
            value |= bit;
        }
        Number(field, value);
    }

    public void StopSite(string field, string name)
    {
        Require(field);
        if (!_profile.StopSites.TryGetValue(name, out ulong address))
        {
            Fail($"build {_profile.Build} has no stop site '{name}'");
            return;
        }
        Number(field, address);
    }

    public void Syscall(string field, string name)
    {
        Require(field);
        if (!_profile.Syscalls.TryGetValue(name, out uint number))
        {
            Fail($"build {_profile.Build} has no syscall '{name}'");
            return;
        }
        Number(field, number);
    }

    public byte[] Build() => _layout.Encode(_values);

    private FieldLayout Require(string field)
    {
        FieldLayout? layout = _layout.Find(field);
        if (layout is null)
            FormatThrow.Invalid(_section, null, $"build {_profile.Build}'s {_layout.Name} struct has no field '{field}'");
        return layout;
    }

    private void Fail(string reason) => FormatThrow.Invalid(_section, null, reason);
}
