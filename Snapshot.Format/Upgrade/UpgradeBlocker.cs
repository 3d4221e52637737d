namespace Snapshot.Format.Upgrade;

/// <summary>
/// One reason an image cannot be converted to the target build or format: where (task, thread, call, or the image),
/// which field of which struct, which feature the target lacks, and why, in one line.
/// </summary>
/// <param name="Subject">"task 3 thread 2", "call 3/7" (sender task / sender call id), "shared area 1", "image".</param>
/// <param name="TaskId">The task concerned, or null.</param>
/// <param name="ThreadId">The thread concerned, or null.</param>
/// <param name="Field">"struct.field" of the target's layout, or null.</param>
/// <param name="Feature">The feature the target lacks ("ipc", "external-state", "signed", "repaired", "chunk-references", "kernel-build"), or null.</param>
/// <param name="Reason">Why, naming the builds or versions.</param>
public sealed record UpgradeBlocker(string Subject, ulong? TaskId, uint? ThreadId, string? Field, string? Feature, string Reason)
{
    /// <summary>"task 3 thread 2: kstack.syscall [ipc]: build spartan-0.4 has no syscall 'ipc_wait'".</summary>
    public override string ToString()
    {
        string where = Field is null ? Subject : $"{Subject}: {Field}";
        return Feature is null ? $"{where}: {Reason}" : $"{where} [{Feature}]: {Reason}";
    }
}
