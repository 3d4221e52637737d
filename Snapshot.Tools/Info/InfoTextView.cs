using System.Globalization;
using Snapshot.Tools.Formatting;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Snapshot.Tools.Info;

/// <summary>Renders an <see cref="InfoDocument"/> for people: a summary grid, then per task its areas and threads, then the sections.</summary>
internal static class InfoTextView
{
    private const int RegistersPerRow = 4;

    public static void Render(IAnsiConsole console, InfoDocument document, bool listChunks)
    {
        // Spectre's "safe" borders are still box-drawing characters; redirected output is plain ASCII.
        var borders = new Borders(console.Profile.Capabilities.Unicode);
        console.Write(Summary(document));
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
                console.Write(ThreadView(thread, borders));
            }
        }

        console.WriteLine();
        console.Write(new Rule("Sections") { Justification = Justify.Left, Border = borders.Box });
        console.Write(SectionsTable(document.Sections, listChunks, borders));
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

    private static Table AreasTable(TaskInfo task, Borders borders)
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
                area.Backing,
                $"{Notation.Count(area.PagesResident)}/{Notation.Count((long)area.Pages)}",
                Notation.Size(area.BytesStored),
                Notation.Ratio(area.CompressionRatio)));
        }

        return table;
    }

    private static Table ChunksTable(AreaInfo area, Borders borders)
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

    private static IRenderable ThreadView(ThreadInfo thread, Borders borders)
    {
        var grid = KeyValueGrid();
        if (thread.State is { } state)
        {
            AddRow(grid, "State", $"{state}; flags {FlagList(thread.Flags ?? [])}; quantum left {thread.QuantumLeft}; " +
                $"rank {thread.Rank}; stack area {thread.StackAreaId}");
        }

        if (thread.StopSite is { } stop)
        {
            AddRow(grid, "Stop site", $"{stop.Name} at {stop.Address}");
        }

        if (thread.Registers is not null || thread.StopSite is not null)
        {
            AddRow(grid, "Syscall", thread.Syscall is { } call
                ? $"{call.Name} (number {call.Number}) args {string.Join(", ", call.Args)}" +
                  (call.Restart ? "; undone, restarts at resume" : "")
                : "none pending");
        }

        if (thread.KernelThreadBlob is { } threadBlob)
        {
            AddRow(grid, "Kernel thread", threadBlob);
        }

        if (thread.KernelStackBlob is { } stackBlob)
        {
            AddRow(grid, "Kernel stack", stackBlob);
        }

        if (thread.DecodeError is { } error)
        {
            AddRow(grid, "Not decoded", error);
        }

        var rows = new List<IRenderable> { grid };
        if (thread.Registers is { } registers)
        {
            rows.Add(RegistersTable(registers));
        }

        return new Panel(new Rows(rows))
        {
            Header = new PanelHeader($"Thread {thread.ThreadId}"),
            Border = borders.Box,
            Expand = true,
        };
    }

    private static Table RegistersTable(RegisterInfo registers)
    {
        var named = registers.R.Select((value, i) => ($"r{i}", value))
            .Append(("pc", registers.Pc))
            .Append(("sp", registers.Sp))
            .Append(("flags", registers.Flags))
            .Append(("tls", registers.Tls))
            .ToArray();

        var table = new Table { Border = TableBorder.None, ShowHeaders = false };
        for (var column = 0; column < RegistersPerRow; column++)
        {
            table.AddColumn(new TableColumn("") { Alignment = Justify.Right });
            table.AddColumn(new TableColumn(""));
        }

        for (var start = 0; start < named.Length; start += RegistersPerRow)
        {
            var cells = new List<string>();
            for (var i = start; i < start + RegistersPerRow; i++)
            {
                cells.Add(i < named.Length ? named[i].Item1 : "");
                cells.Add(i < named.Length ? named[i].Item2 : "");
            }

            table.AddRow(Cells([.. cells]));
        }

        return table;
    }

    private static Table SectionsTable(IReadOnlyList<SectionInfo> sections, bool listChunks, Borders borders)
    {
        var table = new Table { Border = borders.Table };
        table.AddColumn("Type");
        table.AddColumn("Code");
        table.AddColumn("Ver", c => c.RightAligned());
        table.AddColumn("Flags");
        table.AddColumn("Offset", c => c.RightAligned());
        table.AddColumn("Length", c => c.RightAligned());
        table.AddColumn("CRC32C");
        table.AddColumn("Task", c => c.RightAligned());
        table.AddColumn("Area", c => c.RightAligned());
        table.AddColumn("Chunk", c => c.RightAligned());

        // Memory chunks can number thousands; unless asked (--pages) each area's run of chunks is one row.
        for (var i = 0; i < sections.Count; i++)
        {
            var section = sections[i];
            var run = 1;
            if (!listChunks && section.ChunkIndex is not null)
            {
                while (i + run < sections.Count && sections[i + run].ChunkIndex is not null
                       && sections[i + run].Type == section.Type
                       && sections[i + run].TaskId == section.TaskId && sections[i + run].AreaId == section.AreaId)
                {
                    run++;
                }
            }

            if (run == 1)
            {
                table.AddRow(Cells(
                    section.Type,
                    section.TypeCode,
                    Optional(section.Version),
                    SectionFlags(section.Flags),
                    section.Offset ?? "-",
                    section.Length is { } length ? Notation.Count(length) : "-",
                    section.Crc ?? "-",
                    Optional(section.TaskId),
                    Optional(section.AreaId),
                    Optional(section.ChunkIndex)));
                continue;
            }

            var last = sections[i + run - 1];
            table.AddRow(Cells(
                $"{section.Type} x{run}",
                section.TypeCode,
                Optional(section.Version),
                SectionFlags(section.Flags),
                section.Offset ?? "-",
                RunLength(sections.Skip(i).Take(run)),
                "-",
                Optional(section.TaskId),
                Optional(section.AreaId),
                $"{section.ChunkIndex}-{last.ChunkIndex}"));
            i += run - 1;
        }

        return table;
    }

    private static string SectionFlags(IReadOnlyList<string>? flags) =>
        flags is null ? "-" : flags.Count == 0 ? "none" : string.Join(",", flags);

    private static string RunLength(IEnumerable<SectionInfo> run)
    {
        var lengths = run.Select(section => section.Length).ToArray();
        return lengths.All(length => length is not null) ? Notation.Count(lengths.Sum(length => length!.Value)) : "-";
    }

    private static Grid KeyValueGrid()
    {
        var grid = new Grid();
        grid.AddColumn(new GridColumn { NoWrap = true, Padding = new Padding(0, 0, 2, 0) });
        grid.AddColumn(new GridColumn());
        return grid;
    }

    private static void AddRow(Grid grid, string key, string value) => grid.AddRow(new Text(key), new Text(value));

    private static IRenderable[] Cells(params string[] values) => [.. values.Select(value => new Text(value))];

    private static string FlagList(IReadOnlyList<string> flags) => flags.Count == 0 ? "none" : string.Join(", ", flags);

    private static string Optional<T>(T? value) where T : struct => value?.ToString() ?? "-";

    private sealed record Borders(bool Unicode)
    {
        public TableBorder Table => Unicode ? TableBorder.Rounded : TableBorder.Ascii2;

        public BoxBorder Box => Unicode ? BoxBorder.Rounded : BoxBorder.Ascii;
    }
}
