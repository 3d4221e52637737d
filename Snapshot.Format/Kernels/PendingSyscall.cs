namespace Snapshot.Format.Kernels;

/// <summary>
/// A syscall the thread is in: its build-independent name, five arguments, and whether it was undone
/// and must be re-entered at resume.
/// </summary>
public sealed record PendingSyscall(string Name, IReadOnlyList<ulong> Args, bool Restart)
{
    /// <summary>Number of syscall arguments.</summary>
    public const int ArgumentCount = 5;

    /// <summary>Value equality, including the arguments.</summary>
    public bool Equals(PendingSyscall? other) =>
        other is not null && Name == other.Name && Args.SequenceEqual(other.Args) && Restart == other.Restart;

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Name, StringComparer.Ordinal);
        foreach (ulong arg in Args)
            hash.Add(arg);
        hash.Add(Restart);
        return hash.ToHashCode();
    }
}
