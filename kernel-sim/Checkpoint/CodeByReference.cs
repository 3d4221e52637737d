using KernelSim.Kernel;
using KernelSim.Memory;
using KernelSim.Restore;
using Snapshot.Format;

namespace KernelSim.Checkpoint;

/// <summary>
/// Which areas an image stores by reference to the task's program (format 1.3, backing 3) rather than as pages: those
/// the program image backs and the task cannot write (its code), when kernel-sim's catalog holds that very program
/// (same name, same SHA-256), so that a restore can load them from it. The thesis' memory optimisation. A program the
/// catalog lacks (one assembled from a file or from a test's source) keeps its code pages in the image, as does every
/// image below format 1.3 or taken with <see cref="CheckpointRequest.IncludeCode"/>. By reference is the default: the
/// reference carries the program's SHA-256 (the TASK record) and a restore refuses, naming the program, when the
/// catalog's program differs, so it can never run other code than was checkpointed.
/// </summary>
internal static class CodeByReference
{
    /// <summary><paramref name="options"/> with program references on when the request and the compatibility allow them.</summary>
    public static ImageWriterOptions Apply(ImageWriterOptions options, CheckpointRequest request) =>
        options with { ProgramReferences = !request.IncludeCode && options.Compatibility >= FormatVersion.V1_3 };

    /// <summary>True when <paramref name="area"/> of <paramref name="task"/> is written with backing 3 and no chunks.</summary>
    public static bool IsReferenced(KernelTask task, Area area, ImageWriterOptions options) =>
        options.ProgramReferences && IsProgramBacked(area) && (area.Flags & AreaFlags.Write) == 0
        && ProgramCode.Catalogued(task.ProgramName) is { } program && program.Hash == task.ProgramHash;

    /// <summary>
    /// The AREAS record of <paramref name="area"/> as this image describes it: an area restored from a reference is
    /// the program's again, stored as pages (backing 1) when this image does not refer to the program.
    /// </summary>
    public static AreaRecord Record(KernelTask task, Area area, ImageWriterOptions options) =>
        area.ToRecord() with { Backing = IsReferenced(task, area, options) ? AreaBacking.ProgramReference : IsProgramBacked(area) ? AreaBacking.Program : area.Backing };

    /// <summary>The program image backs the area: as spawned (backing 1) or as restored from a reference (backing 3).</summary>
    private static bool IsProgramBacked(Area area) => area.Backing is AreaBacking.Program or AreaBacking.ProgramReference;
}
