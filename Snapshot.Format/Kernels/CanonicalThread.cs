namespace Snapshot.Format.Kernels;

/// <summary>
/// A thread in build-independent form: what the thread is and where it stopped, with every build-specific
/// number replaced by a name. Converting between builds goes through this form.
/// </summary>
public sealed record CanonicalThread(uint ThreadId, ThreadRunState State, IReadOnlySet<string> Flags,
    uint QuantumLeft, uint Rank, uint StackAreaId, string StopSite, UserRegisters Registers, PendingSyscall? Syscall)
{
    /// <summary>
    /// Extension fields (kernel-profiles.md §5.2) whose value differs from their documented default, by name:
    /// empty for a thread any build would lay out with its defaults.
    /// </summary>
    public IReadOnlyDictionary<string, ulong> Extensions { get; init; } = CanonicalExtensions.None;

    /// <summary>Value equality, including the flag set and the extensions.</summary>
    public bool Equals(CanonicalThread? other) =>
        other is not null && ThreadId == other.ThreadId && State == other.State && Flags.SetEquals(other.Flags)
        && CanonicalExtensions.Equal(Extensions, other.Extensions)
        && QuantumLeft == other.QuantumLeft && Rank == other.Rank && StackAreaId == other.StackAreaId
        && StopSite == other.StopSite && Registers.Equals(other.Registers) && Equals(Syscall, other.Syscall);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(ThreadId, State, Flags.Count, QuantumLeft, Rank, StackAreaId, StopSite, Registers);
}
