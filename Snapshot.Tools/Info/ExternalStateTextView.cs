using System.Globalization;
using Snapshot.Tools.Formatting;
using Spectre.Console;
using Spectre.Console.Rendering;
using static Snapshot.Tools.Formatting.TextBlocks;

namespace Snapshot.Tools.Info;

/// <summary>Renders a checkpoint set's external state for people: set-level tables, and a task's phones and open files.</summary>
internal static class ExternalStateTextView
{
    /// <summary>Rows of the summary grid: who is in the set and how it was taken.</summary>
    public static void AddSummaryRows(Grid grid, CheckpointSetInfo set)
    {
        AddRow(grid, "Services", set.Services.Count == 0
            ? "none"
            : string.Join(", ", set.Services.Select(s => $"{s.ServiceId} {s.Name}{(s.Cooperated ? "" : " (did not cooperate)")}")));
        AddRow(grid, "Outside tasks", set.OutsideTasks.Count == 0 ? "none" : string.Join(", ", set.OutsideTasks));
        if (set.OutsidePhones.Count > 0)
            AddRow(grid, "Outside phones", string.Join(", ", set.OutsidePhones.Select(p => $"task {p.TaskId} phone {p.PhoneId} to {p.Callee}")));
        AddRow(grid, "Policies", $"on error {set.Policies.ErrorPolicy}, kill {set.Policies.KillPolicy}, " +
            $"timeout {Notation.Count((long)Math.Min(set.Policies.TimeoutTicks, long.MaxValue))} ticks");
    }

    /// <summary>Connections, shared areas and pending calls of the set.</summary>
    public static IEnumerable<IRenderable> SetTables(CheckpointSetInfo set, TextBorders borders)
    {
        if (set.Connections.Count > 0)
            yield return Connections(set, borders);
        if (set.SharedAreas.Count > 0)
            yield return SharedAreas(set, borders);
        if (set.Calls.Count > 0)
            yield return Calls(set, borders);
        if (set.CallsNotDecoded is { } why)
            yield return new Text($"Calls not decoded: {why}\n");
    }

    /// <summary>The counters and holes as grid rows (a table title that long would wrap), then the phone table.</summary>
    public static IEnumerable<IRenderable> Phones(TaskIpcInfo ipc, TextBorders borders)
    {
        var grid = KeyValueGrid();
        AddRow(grid, "IPC counters", $"next phone id {ipc.NextPhoneId}, next call id {ipc.NextCallId}, next receiver call id {ipc.NextReceiverCallId}");
        AddRow(grid, "Phone holes", ipc.Holes.Count == 0 ? "none" : string.Join(", ", ipc.Holes));
        yield return grid;
        var table = new Table { Title = new TableTitle("Phones"), Border = borders.Table };
        table.AddColumn("Phone", c => c.RightAligned());
        table.AddColumn("State");
        table.AddColumn("Callee");
        foreach (var phone in ipc.Phones)
            table.AddRow(Cells(Id(phone.PhoneId), phone.State, phone.Callee));
        yield return table;
    }

    public static IEnumerable<IRenderable> Files(TaskFilesInfo files, TextBorders borders)
    {
        var grid = KeyValueGrid();
        AddRow(grid, "Working dir", $"{files.WorkingDirectory} (fs {files.WorkingDirectoryFileSystemId})");
        yield return grid;
        var table = new Table { Title = new TableTitle("Open files"), Border = borders.Table };
        table.AddColumn("Handle", c => c.RightAligned());
        table.AddColumn("Path");
        table.AddColumn("Fs:node");
        table.AddColumn("Mode");
        table.AddColumn("Position", c => c.RightAligned());
        table.AddColumn("Size", c => c.RightAligned());
        table.AddColumn("Policy");
        table.AddColumn("Carried", c => c.RightAligned());
        table.AddColumn("SHA-256");
        foreach (var file in files.Files)
        {
            table.AddRow(Cells(Id(file.Handle), file.Path, $"{file.FileSystemId}:{file.NodeId}", file.Mode, Id(file.Position),
                Id(file.Size), file.Policy, file.ContentsStored == 0 ? "-" : Notation.Size(file.ContentsStored), file.ContentHash[..12]));
        }
        yield return table;
    }

    private static Table Connections(CheckpointSetInfo set, TextBorders borders)
    {
        var table = new Table { Title = new TableTitle("Cooperative connections"), Border = borders.Table };
        table.AddColumn("Service");
        table.AddColumn("Client");
        table.AddColumn("Phone", c => c.RightAligned());
        table.AddColumn("Version", c => c.RightAligned());
        table.AddColumn("Exported state");
        foreach (var c in set.Connections)
        {
            table.AddRow(Cells($"{c.ServiceId} {c.Service}", $"task {c.ClientTaskId}", Id(c.PhoneId), Id(c.StateVersion),
                c.State.Count == 0 ? "-" : string.Join(", ", c.State.Select(e => $"{e.Key}={Quote(e.Value)}"))));
        }
        return table;
    }

    private static Table SharedAreas(CheckpointSetInfo set, TextBorders borders)
    {
        var table = new Table { Title = new TableTitle("Shared areas"), Border = borders.Table };
        table.AddColumn("Share", c => c.RightAligned());
        table.AddColumn("Size", c => c.RightAligned());
        table.AddColumn("Flags");
        table.AddColumn("Owner");
        table.AddColumn("Pages");
        table.AddColumn("Participants (area at base)");
        foreach (var share in set.SharedAreas)
        {
            table.AddRow(Cells(Id(share.ShareId), Notation.Size(share.Size), share.Flags, share.Owner,
                share.ContentInImage ? "in image" : "kept by owner",
                string.Join(", ", share.Participants.Select(p => $"{p.Peer}: area {p.AreaId} at {Notation.CompactAddress(p.Base)}"))));
        }
        return table;
    }

    private static Table Calls(CheckpointSetInfo set, TextBorders borders)
    {
        var table = new Table { Title = new TableTitle("Pending calls"), Border = borders.Table };
        table.AddColumn("Sender");
        table.AddColumn("Call", c => c.RightAligned());
        table.AddColumn("Phone", c => c.RightAligned());
        table.AddColumn("State");
        table.AddColumn("At");
        table.AddColumn("Method");
        table.AddColumn("Details");
        foreach (var call in set.Calls)
        {
            if (call.State is null)
            {
                table.AddRow(Cells("-", "-", "-", "not decoded", "-", "-", call.DecodeError ?? call.Blob ?? ""));
                continue;
            }
            table.AddRow(Cells($"task {call.SenderTaskId}", Id(call.SenderCallId ?? 0), Id(call.PhoneId ?? 0), StateText(call),
                call.Receiver ?? "-", call.Method ?? "-", Details(call)));
        }
        return table;
    }

    private static string StateText(CallInfo call) => call.ReceiverCallId is { } id ? $"{call.State} as {id}" : call.State!;

    private static string Details(CallInfo call)
    {
        var parts = new List<string>();
        // "forwarded" shows as the count below.
        if (call.Flags?.Where(flag => flag != "forwarded").ToArray() is { Length: > 0 } flags)
            parts.Add(string.Join("+", flags));
        if (call.SyncThreadId is { } thread)
            parts.Add($"thread {thread} waits");
        if (call.ForwardCount is > 0 and var forwards)
            parts.Add($"forwarded {forwards}x");
        if (call.Request is { Count: > 1 } request && Words(request.Skip(1)) is { Length: > 0 } args)
            parts.Add($"args {args}");
        if (call.Answer is { Count: > 0 } answer)
            parts.Add($"answer {(Words(answer) is { Length: > 0 } words ? words : "0x0")}");
        if (call.Transfer is { } t)
            parts.Add($"{t.Kind} {Notation.Count((long)Math.Min(t.Done, long.MaxValue))}/{Notation.Count((long)Math.Min(t.Size, long.MaxValue))} bytes");
        return parts.Count == 0 ? "-" : string.Join("; ", parts);
    }

    /// <summary>The words up to the last non-zero one: trailing zero arguments are unused slots.</summary>
    private static string Words(IEnumerable<string> words)
    {
        var list = words.ToList();
        while (list.Count > 0 && list[^1] == "0x0")
            list.RemoveAt(list.Count - 1);
        return string.Join(" ", list);
    }

    private static string Id(ulong value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Quote(string value) => "\"" + value.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
