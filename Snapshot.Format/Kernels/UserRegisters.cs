namespace Snapshot.Format.Kernels;

/// <summary>A thread's user-mode registers: r0..r15, pc, sp, flags and the TLS pointer.</summary>
public sealed record UserRegisters(IReadOnlyList<ulong> R, ulong Pc, ulong Sp, ulong Flags, ulong Tls)
{
    /// <summary>Number of general registers.</summary>
    public const int GeneralCount = 16;

    /// <summary>Value equality, including the general registers.</summary>
    public bool Equals(UserRegisters? other) =>
        other is not null && R.SequenceEqual(other.R) && Pc == other.Pc && Sp == other.Sp && Flags == other.Flags && Tls == other.Tls;

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (ulong r in R)
            hash.Add(r);
        hash.Add(Pc);
        hash.Add(Sp);
        hash.Add(Flags);
        hash.Add(Tls);
        return hash.ToHashCode();
    }
}
