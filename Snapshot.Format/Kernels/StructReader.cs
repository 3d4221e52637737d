using Snapshot.Format.Binary;

namespace Snapshot.Format.Kernels;

/// <summary>Reads a decoded kernel struct, turning build numbers into names through the profile.</summary>
internal sealed class StructReader
{
    private readonly IReadOnlyDictionary<string, ulong> _values;
    private readonly StructLayout _layout;
    private readonly KernelBuildProfile _profile;
    private readonly string _section;

    public StructReader(StructLayout layout, ReadOnlySpan<byte> blob, KernelBuildProfile profile)
    {
        _layout = layout;
        _profile = profile;
        _section = layout.SectionName;
        _values = layout.Decode(blob);
    }

    /// <summary>Whether the build's struct has the field.</summary>
    public bool Has(string field) => _layout.Find(field) is not null;

    /// <summary>The extension fields whose value differs from their documented default, by name.</summary>
    public IReadOnlyDictionary<string, ulong> Extensions()
    {
        var extensions = new SortedDictionary<string, ulong>(StringComparer.Ordinal);
        foreach (FieldLayout field in _layout.Fields)
        {
            if (field.Default is { } defaultValue && _values[field.Name] != defaultValue)
                extensions.Add(field.Name, _values[field.Name]);
        }
        return extensions;
    }

    /// <summary>A plain number; a field the build does not have reads as 0.</summary>
    public ulong Number(string field) => _values.GetValueOrDefault(field);

    public uint Number32(string field)
    {
        ulong value = Number(field);
        return value <= uint.MaxValue ? (uint)value : Fail<uint>($"{_layout.Name}.{field} value {value} does not fit 32 bits");
    }

    public string EnumName(string field)
    {
        FieldLayout layout = Require(field);
        ulong value = _values[field];
        if (layout.Enum is null)
            return Fail<string>($"{_layout.Name}.{field} has no enum in build {_profile.Build}");
        foreach ((string name, uint v) in _profile.Enums[layout.Enum])
        {
            if (v == value)
                return name;
        }
        return Fail<string>($"{_layout.Name}.{field} value {value} is not in enum {layout.Enum} of build {_profile.Build}");
    }

    public IReadOnlySet<string> FlagNames(string field)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        FieldLayout? layout = _layout.Find(field);
        if (layout is null)
            return names;
        ulong value = _values[field];
        if (layout.Flags is null)
            return value == 0 ? names : Fail<IReadOnlySet<string>>($"{_layout.Name}.{field} has no flag set in build {_profile.Build}");
        ulong remaining = value;
        foreach ((string name, ulong bit) in _profile.Flags[layout.Flags])
        {
            if ((value & bit) != 0)
            {
                names.Add(name);
                remaining &= ~bit;
            }
        }
        if (remaining != 0)
            Fail($"{_layout.Name}.{field} bits 0x{remaining:x} are not in flag set {layout.Flags} of build {_profile.Build}");
        return names;
    }

    public string StopSite(string field)
    {
        Require(field);
        ulong address = _values[field];
        return _profile.StopSiteName(address)
            ?? Fail<string>($"{_layout.Name}.{field} 0x{address:x} is not a stop site of build {_profile.Build}");
    }

    public string SyscallName(string field)
    {
        Require(field);
        ulong number = _values[field];
        return _profile.SyscallName(number)
            ?? Fail<string>($"{_layout.Name}.{field} {number} is not a syscall of build {_profile.Build}");
    }

    private FieldLayout Require(string field) =>
        _layout.Find(field) ?? Fail<FieldLayout>($"build {_profile.Build}'s {_layout.Name} struct has no field '{field}'");

    public T Fail<T>(string reason) => FormatThrow.Invalid<T>(_section, null, reason);

    public void Fail(string reason) => FormatThrow.Invalid(_section, null, reason);
}
