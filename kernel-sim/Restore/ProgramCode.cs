using System.Collections.Concurrent;
using KernelSim.Assembler;
using KernelSim.Kernel;
using KernelSim.Memory;
using Snapshot.Format;

namespace KernelSim.Restore;

/// <summary>
/// Loads the areas an image stores by reference to the task's program (format 1.3, backing 3) from kernel-sim's program
/// catalog: the program named in the TASK section, refused in one line naming it when the catalog lacks it or its
/// SHA-256 (over code then data, as <see cref="AssembledProgram.Hash"/>) differs from the hash the image recorded.
/// </summary>
internal static class ProgramCode
{
    // Assembling a sample takes a few milliseconds; a checkpoint asks for each task's program, so each is assembled once.
    private static readonly ConcurrentDictionary<string, AssembledProgram> s_catalogued = new(StringComparer.Ordinal);

    /// <summary>The catalog's program of that name, or null when the catalog has none.</summary>
    public static AssembledProgram? Catalogued(string name) =>
        ProgramLibrary.Names.Contains(name, StringComparer.Ordinal) ? s_catalogued.GetOrAdd(name, ProgramLibrary.Load) : null;

    /// <summary>Fills every backing-3 area of <paramref name="task"/> with its program's code; a task without one is left alone.</summary>
    /// <exception cref="RestoreException">The program is missing or differs, or an area is not where the program's code goes.</exception>
    public static void Load(string where, TaskRecord record, KernelTask task)
    {
        var areas = task.AddressSpace.Areas.Where(area => area.Backing == AreaBacking.ProgramReference).ToArray();
        if (areas.Length == 0)
        {
            return;
        }

        var program = Find(where, record);
        foreach (var area in areas)
        {
            if (area.Base != AssembledProgram.CodeBase || area.Size != AddressSpaceLayout.RoundUpToPage((ulong)program.Code.Length))
            {
                throw new RestoreException(
                    $"{where} area {area.Id}: range 0x{area.Base:x}+0x{area.Size:x} is stored by reference to program '{record.ProgramName}', " +
                    $"whose code lies at 0x{AssembledProgram.CodeBase:x}+0x{AddressSpaceLayout.RoundUpToPage((ulong)program.Code.Length):x}");
            }

            area.Write(0, program.Code);
        }
    }

    private static AssembledProgram Find(string where, TaskRecord record)
    {
        var name = record.ProgramName;
        if (Catalogued(name) is not { } program)
        {
            throw new RestoreException(
                $"{where}: its code is stored by reference to program '{name}' ({record.ProgramHash.Short}), which kernel-sim's catalog does not have " +
                $"(the catalog: {string.Join(", ", ProgramLibrary.Names)}); checkpoint with --include-code to store the code in the image");
        }

        if (program.Hash != record.ProgramHash)
        {
            throw new RestoreException(
                $"{where}: its code is stored by reference to program '{name}' {record.ProgramHash.Short}, but kernel-sim's '{name}' is " +
                $"{program.Hash.Short}, a different program; checkpoint with --include-code to store the code in the image");
        }

        return program;
    }
}
