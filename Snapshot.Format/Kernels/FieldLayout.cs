namespace Snapshot.Format.Kernels;

/// <summary>
/// One field of a kernel struct as a build lays it out. <see cref="Enum"/> and <see cref="Flags"/> name a
/// table of the profile that gives the field's values meaning; <see cref="IsStopSite"/> marks a kernel
/// address that must be one of the build's stop sites; <see cref="IsSyscall"/> a syscall number of the build.
/// <see cref="Default"/> marks an extension field: one the canonical form has no name for, which the build
/// added with a documented default (kernel-profiles.md §5.2).
/// </summary>
public sealed record FieldLayout(string Name, int Offset, FieldType Type, string? Enum, string? Flags, bool IsStopSite, bool IsSyscall)
{
    /// <summary>The documented default of an extension field (profile format 2), or null for a canonical field.</summary>
    public ulong? Default { get; init; }

    /// <summary>Bytes the field occupies.</summary>
    public int Width => Type switch
    {
        FieldType.U8 => 1,
        FieldType.U16 => 2,
        FieldType.U32 => 4,
        _ => 8,
    };

    /// <summary>The largest value the field can hold.</summary>
    public ulong MaxValue => Width == 8 ? ulong.MaxValue : (1UL << (Width * 8)) - 1;
}
