using Snapshot.Tools.Formatting;
using Spectre.Console;
using Spectre.Console.Rendering;
using static Snapshot.Tools.Formatting.TextBlocks;

namespace Snapshot.Tools.Info;

/// <summary>One thread for people: its decoded state, stop site and syscall, then its user registers (or its raw blobs).</summary>
internal static class ThreadTextView
{
    private const int RegistersPerRow = 4;

    public static IRenderable Render(ThreadInfo thread, TextBorders borders)
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
}
