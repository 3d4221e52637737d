namespace Snapshot.Format;

/// <summary>
/// Areas stored by reference to the task's program (format 1.3, backing 3, "program-reference" bit): the AREAS entry
/// says so and the image holds no chunks for the area; a restore loads it from the program named and hashed in the
/// TASK section. Which areas qualify is the kernel's choice (code and read-only data its program image backs); the
/// writer only checks that such an area has no memory written for it.
/// </summary>
public sealed partial class ImageWriter
{
    private readonly HashSet<(ulong TaskId, uint AreaId)> _programReferences = [];

    /// <summary>Sets the "program-reference" bit when <see cref="ImageWriterOptions.ProgramReferences"/> asks for it (format 1.3 only).</summary>
    private static void AddProgramReferenceFeature(ImageWriterOptions? options, ref ulong incompatible, List<FeatureName> names)
    {
        if (options?.ProgramReferences != true)
            return;
        if (!options.WritesFormat13)
            throw new ArgumentException(
                $"areas stored by reference to the program need format 1.3; the writer's compatibility is {options.Compatibility}", nameof(options));
        AddIncompatible(Features.IncompatProgramReference, ref incompatible, names);
    }

    /// <summary>Accepts an area with backing 3 only in an image with the "program-reference" bit, and remembers it.</summary>
    private void NoteProgramReference(ulong taskId, AreaRecord area)
    {
        if (area.Backing != AreaBacking.ProgramReference)
            return;
        if ((_features.Incompatible & Features.IncompatProgramReference) == 0)
            throw new ArgumentException(
                $"area {area.AreaId} is stored by reference to the program, which only an image with the \"program-reference\" feature bit can describe",
                nameof(area));
        _programReferences.Add((taskId, area.AreaId));
    }

    /// <summary>An area stored by reference has no chunks: its pages are the program's.</summary>
    private void EnsureStoresPages(ulong taskId, uint areaId)
    {
        if (_programReferences.Contains((taskId, areaId)))
            throw new InvalidOperationException($"area {areaId} of task {taskId} is stored by reference to the program and holds no chunks");
    }
}
