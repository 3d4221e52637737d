using Snapshot.Format.Kernels;

namespace Snapshot.Format.Upgrade;

/// <summary>The names of the features a conversion target can lack, as blockers report them.</summary>
public static class UpgradeFeatures
{
    /// <summary>IPC state in images: the call record, and with it phones, calls, shares, open files and connections.</summary>
    public const string Ipc = "ipc";

    /// <summary>Format 1.2's external state.</summary>
    public const string ExternalState = "external-state";

    /// <summary>Format 1.1's repaired mark.</summary>
    public const string Repaired = "repaired";

    /// <summary>Format 1.1's signature.</summary>
    public const string Signed = "signed";

    /// <summary>Format 1.3's chunk encoding: version 2 chunks (page hashes) and chunk references.</summary>
    public const string ChunkReferences = "chunk-references";

    /// <summary>Format 1.3's areas stored by reference to the task's program (AREAS backing 3).</summary>
    public const string ProgramReference = "program-reference";

    /// <summary>The feature a struct problem stands for, or null when it is a value the target's field cannot hold.</summary>
    internal static string? Of(StructProblem problem) => problem switch
    {
        { Struct: "call", Field: "call" } => Ipc, // the target has no call record at all
        { Field: "syscall", Name: { } name } when name.StartsWith("ipc_", StringComparison.Ordinal) => Ipc,
        _ => null,
    };
}
