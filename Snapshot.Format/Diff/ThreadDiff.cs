namespace Snapshot.Format.Diff;

/// <summary>One thread, matched by thread id within its task.</summary>
/// <param name="ThreadId">The thread id.</param>
/// <param name="Kind">Added, removed, changed or unchanged.</param>
/// <param name="Form">Canonical (decoded with each build's profile) or raw (blobs compared byte for byte).</param>
/// <param name="Fields">Changed fields: state, thread_flags (the kernel's, apart from the user flags register), stop_site, syscall, restart, arg0..arg4, quantum_left,
/// rank, stack_area; in raw form, runs of differing bytes ("kernel_stack[0x40..0x47]").</param>
/// <param name="Registers">Changed user registers, in register order (r0..r15, pc, sp, flags, tls).</param>
/// <param name="RawReason">Why the thread was compared raw, else null.</param>
public sealed record ThreadDiff(uint ThreadId, ChangeKind Kind, ComparisonForm Form, IReadOnlyList<FieldChange> Fields,
                                IReadOnlyList<RegisterChange> Registers, string? RawReason)
{
    /// <summary>True when the thread was added, removed or changed.</summary>
    public bool HasDifferences => Kind != ChangeKind.Unchanged;
}
