using System.Globalization;
using Snapshot.Tools.Formatting;
using Spectre.Console;
using static Snapshot.Tools.Formatting.TextBlocks;

namespace Snapshot.Tools.Info;

/// <summary>Renders an <see cref="InfoDocument"/> for people: a summary grid, then per task its areas and threads, then the sections.</summary>
internal static class InfoTextView
{
    public static void Render(IAnsiConsole console, InfoDocument document, bool listChunks)
    {
        var borders = new TextBorders(console.Profile.Capabilities.Unicode);
        console.Write(Summary(document));
        if (document.Repair is { } repair)
        {
            console.WriteLine();
            console.Write(RepairTextView.Render(repair, borders));
        }

        if (document.CheckpointSet is { } set)
        {
            console.WriteLine();
            console.Write(new Rule("Checkpoint set") { Justification = Justify.Left, Border = borders.Box });
            foreach (var table in ExternalStateTextView.SetTables(set, borders))
            {
                console.Write(table);
            }
        }

        foreach (var task in document.Tasks)
        {
            console.WriteLine();
            console.Write(new Rule($"Task {task.TaskId}: {Markup.Escape(task.Name)}") { Justification = Justify.Left, Border = borders.Box });
            console.Write(TaskSummary(task));
            console.Write(AreasTable(task, borders));
            if (listChunks)
            {
                foreach (var area in task.Areas.Where(area => area.ChunkList is { Count: > 0 }))
                {
                    console.Write(ChunksTable(area, borders));
                }
            }

            foreach (var thread in task.Threads)
            {
                console.Write(ThreadTextView.Render(thread, borders));
            }

            if (task.Ipc is { } ipc)
            {
                foreach (var part in ExternalStateTextView.Phones(ipc, borders))
                {
                    console.Write(part);
                }
            }

            if (task.Files is { } files)
            {
                foreach (var part in ExternalStateTextView.Files(files, borders))
                {
                    console.Write(part);
                }
            }
        }

        console.WriteLine();
        console.Write(new Rule("Sections") { Justification = Justify.Left, Border = borders.Box });
        console.Write(SectionsTextView.Render(document, listChunks, borders));
    }

    private static Grid Summary(InfoDocument document)
    {
        var grid = KeyValueGrid();
        AddRow(grid, "Image", document.Source == "stdin" ? "- (standard input)" : document.Image);
        if (document.FileSize is { } size)
        {
            AddRow(grid, "File size", $"{Notation.Size(size)} ({Notation.Count(size)} bytes)");
        }

        AddRow(grid, "Format", document.Format.Version);
        if (document.Chain is { } chain)
        {
            AddRow(grid, "Parents", string.Join("; ", chain.Ancestors.Select(a => $"{a.Ordinal}. {a.FileName} (id {a.ImageId[..12]}, {a.Status})"))
                + (chain.Status == ChainInfoBuilder.Complete ? "" : $"; chain: {chain.Status}"));
        }

        if (document.Repair is { } repair)
        {
            AddRow(grid, "Repaired", $"{repair.Notice} ({RepairTextView.Totals(repair)}; listed below)");
        }

        if (document.Signature is { } signature)
        {
            AddRow(grid, "Signature", signature.Algorithm is null
                ? signature.Message
                : $"{signature.Algorithm}, key {signature.KeyId}: {signature.Message}");
        }

        var build = document.Build;
        AddRow(grid, "Kernel build", build.Display);
        AddRow(grid, "Build id", build.BuildId);
        AddRow(grid, "Profile", build.Known
            ? $"{build.Profile} (known build)"
            : "unknown build: no profile describes it; kernel structures are shown as hex");
        AddRow(grid, "Page size", $"{Notation.Size((ulong)build.PageSize)}, {document.PagesPerChunk} pages per chunk");
        AddRow(grid, "Features", document.Features.Count == 0
            ? "none"
            : string.Join(", ", document.Features.Select(f =>
                $"{f.Name ?? "unnamed"} ({f.Kind} bit {f.Bit}{(f.Known ? "" : ", not known to this tool")})")));
        var ids = document.Checkpoint.TaskIds;
        AddRow(grid, "Checkpoint", $"{(ids.Count == 1 ? "task" : "tasks")} {string.Join(", ", ids)}; " +
            (document.Checkpoint.KilledAfter ? "killed after the checkpoint" : "left running after the checkpoint"));
        if (document.CheckpointSet is { } set)
        {
            ExternalStateTextView.AddSummaryRows(grid, set);
        }

        return grid;
    }

    private static Grid TaskSummary(TaskInfo task)
    {
        var grid = KeyValueGrid();
        AddRow(grid, "Program", $"{task.Program} (sha256 {task.ProgramHash})");
        if (task.Kernel is { } kernel)
        {
            AddRow(grid, "State", $"{kernel.State}; flags {FlagList(kernel.Flags)}");
            AddRow(grid, "Counters", $"thread count {kernel.ThreadCount}, area count {kernel.AreaCount}, " +
                $"next thread id {kernel.NextThreadId}, next area id {kernel.NextAreaId}");
            AddRow(grid, "Heap cursor", kernel.HeapCursor);
            AddRow(grid, "RNG state", kernel.RngState);
        }
        else
        {
            AddRow(grid, "Kernel task", task.KernelBlob ?? "");
        }

        if (task.DecodeError is { } error)
        {
            AddRow(grid, "Not decoded", error);
        }

        var memory = task.Memory;
        AddRow(grid, "Memory", $"{Notation.Count(memory.PagesResident)} pages resident " +
            $"({Notation.Size(memory.BytesResident)}), {Notation.Size(memory.BytesStored)} stored, " +
            $"ratio {Notation.Ratio(memory.CompressionRatio)}");
        return grid;
    }

    private static Table AreasTable(TaskInfo task, TextBorders borders)
    {
        var table = new Table { Title = new TableTitle("Areas"), Border = borders.Table };
        table.AddColumn("Id", c => c.RightAligned());
        table.AddColumn("Name");
        table.AddColumn("Range");
        table.AddColumn("Size", c => c.RightAligned());
        table.AddColumn("Flags");
        table.AddColumn("Kind");
        table.AddColumn("Backing");
        table.AddColumn("Resident", c => c.RightAligned());
        table.AddColumn("Stored", c => c.RightAligned());
        table.AddColumn("Ratio", c => c.RightAligned());
        foreach (var area in task.Areas)
        {
            table.AddRow(Cells(
                area.AreaId.ToString(CultureInfo.InvariantCulture),
                area.Name,
                $"{Notation.CompactAddress(area.Base)}-{Notation.CompactAddress(area.End)}",
                Notation.Size(area.Size),
                area.Flags,
                area.Kind,
                area.Backing == InfoDocumentBuilder.ProgramReferenceBacking ? $"by reference to program {task.Program}" : area.Backing,
                $"{Notation.Count(area.PagesResident)}/{Notation.Count((long)area.Pages)}",
                Notation.Size(area.BytesStored),
                Notation.Ratio(area.CompressionRatio)));
        }

        return table;
    }

    private static Table ChunksTable(AreaInfo area, TextBorders borders)
    {
        var table = new Table { Title = new TableTitle($"Chunks of area {area.AreaId} ({area.Name})"), Border = borders.Table };
        table.AddColumn("Chunk", c => c.RightAligned());
        table.AddColumn("Offset", c => c.RightAligned());
        table.AddColumn("Pages");
        table.AddColumn("Resident", c => c.RightAligned());
        table.AddColumn("Stored", c => c.RightAligned());
        table.AddColumn("Content SHA-256");
        foreach (var chunk in area.ChunkList ?? [])
        {
            table.AddRow(Cells(
                chunk.ChunkIndex.ToString(CultureInfo.InvariantCulture),
                chunk.Offset ?? "-",
                chunk.PageRanges,
                chunk.PagesResident.ToString(CultureInfo.InvariantCulture),
                Notation.Size(chunk.BytesStored),
                chunk.ContentHash));
        }

        return table;
    }
}
