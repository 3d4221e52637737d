using Snapshot.Format.Binary;

namespace Snapshot.Format.Kernels;

/// <summary>
/// Builds a kernel struct blob from canonical values, turning names into the target build's numbers.
/// A value the build has no field for must be zero, or what decoding derives (nothing is lost silently); a
/// field the canonical form does not carry is an extension and gets the value the canonical form holds for it,
/// else its documented default. Every value the build cannot express is recorded as a <see cref="StructProblem"/>
/// so that a conversion can list them all; <see cref="Build"/> throws the first one.
/// </summary>
internal sealed class StructBuilder
{
    private readonly Dictionary<string, ulong> _values = new(StringComparer.Ordinal);
    private readonly StructLayout _layout;
    private readonly KernelBuildProfile _profile;
    private readonly List<StructProblem> _problems = [];

    public StructBuilder(StructLayout layout, KernelBuildProfile profile)
    {
        _layout = layout;
        _profile = profile;
        foreach (FieldLayout field in layout.Fields)
            _values[field.Name] = field.Default ?? 0;
    }

    /// <summary>What the build could not express, in the order it was met.</summary>
    public IReadOnlyList<StructProblem> Problems => _problems;

    public void Number(string field, ulong value)
    {
        FieldLayout? layout = _layout.Find(field);
        if (layout is null)
        {
            if (value != 0)
                Fail(field, $"build {_profile.Build}'s {_layout.Name} struct has no field '{field}' to hold {value}");
            return;
        }
        if (value > layout.MaxValue)
        {
            Fail(field, $"{_layout.Name}.{field} ({layout.Type}) of build {_profile.Build} cannot hold {value}");
            return;
        }
        _values[field] = value;
    }

    /// <summary>A canonical value a build may leave out because decoding derives it: without the field it must equal <paramref name="derived"/>.</summary>
    public void Derivable(string field, ulong value, ulong derived, string derivation)
    {
        if (_layout.Find(field) is not null)
        {
            Number(field, value);
            return;
        }
        if (value != derived)
            Fail(field, $"build {_profile.Build} derives {_layout.Name}.{field} from {derivation} ({derived}) and cannot hold {value}");
    }

    /// <summary>Extension fields (kernel-profiles.md §5.2): values other than the default need the field.</summary>
    public void Extensions(IReadOnlyDictionary<string, ulong> extensions)
    {
        foreach ((string name, ulong value) in extensions.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            FieldLayout? layout = _layout.Find(name);
            if (layout is null)
            {
                Fail(name, $"build {_profile.Build}'s {_layout.Name} struct has no field '{name}' to hold {value}");
                continue;
            }
            if (layout.Default is null)
            {
                Fail(name, $"{_layout.Name}.{name} of build {_profile.Build} is not an extension field");
                continue;
            }
            Number(name, value);
        }
    }

    public void EnumName(string field, string name)
    {
        FieldLayout? layout = Require(field);
        if (layout is null)
            return;
        if (layout.Enum is null || !_profile.Enums[layout.Enum].TryGetValue(name, out uint value))
        {
            Fail(field, $"{_layout.Name}.{field}: build {_profile.Build} has no value '{name}' in enum {layout.Enum ?? "(none)"}", name);
            return;
        }
        Number(field, value);
    }

    public void FlagNames(string field, IReadOnlySet<string> names)
    {
        if (names.Count == 0)
            return;
        FieldLayout? layout = Require(field);
        if (layout is null)
            return;
        ulong value = 0;
        bool complete = true;
        foreach (string name in names.Order(StringComparer.Ordinal))
        {
            if (layout.Flags is null || !_profile.Flags[layout.Flags].TryGetValue(name, out ulong bit))
            {
                Fail(field, $"{_layout.Name}.{field}: build {_profile.Build} has no flag '{name}' in {layout.Flags ?? "(none)"}", name);
                complete = false;
                continue;
            }
            value |= bit;
        }
        if (complete)
            Number(field, value);
    }

    public void StopSite(string field, string name)
    {
        if (Require(field) is null)
            return;
        if (!_profile.StopSites.TryGetValue(name, out ulong address))
        {
            Fail(field, $"build {_profile.Build} has no stop site '{name}'", name);
            return;
        }
        Number(field, address);
    }

    public void Syscall(string field, string name)
    {
        if (Require(field) is null)
            return;
        if (!_profile.Syscalls.TryGetValue(name, out uint number))
        {
            Fail(field, $"build {_profile.Build} has no syscall '{name}'", name);
            return;
        }
        Number(field, number);
    }

    /// <summary>The blob.</summary>
    /// <exception cref="SnapshotFormatException">The first value the build could not express.</exception>
    public byte[] Build()
    {
        if (_problems.Count > 0)
            FormatThrow.Invalid(_layout.SectionName, null, _problems[0].Reason);
        return _layout.Encode(_values);
    }

    private FieldLayout? Require(string field)
    {
        FieldLayout? layout = _layout.Find(field);
        if (layout is null)
            Fail(field, $"build {_profile.Build}'s {_layout.Name} struct has no field '{field}'");
        return layout;
    }

    private void Fail(string field, string reason, string? name = null) => _problems.Add(new StructProblem(_layout.Name, field, reason, name));
}
