using System.Globalization;
using Snapshot.Format.Kernels;

namespace Snapshot.Format.Upgrade;

/// <summary>
/// What a conversion changes, from the two profiles, limited to what the image uses: the layouts of the structs
/// it holds, and the numbers of the syscalls, stop sites, enum values and flags its blobs contain.
/// </summary>
internal static class PlanChanges
{
    public static IReadOnlyList<UpgradeChange> Between(KernelBuildProfile source, KernelBuildProfile target,
        IReadOnlyList<CanonicalTask> tasks, IReadOnlyList<CanonicalThread> threads, IReadOnlyList<CanonicalCall> calls,
        FormatVersion sourceFormat, FormatVersion targetFormat, SignatureFate signature)
    {
        var changes = new List<UpgradeChange>();
        if (!sourceFormat.Equals(targetFormat))
            changes.Add(new UpgradeChange("format", "container", sourceFormat.ToString(), targetFormat.ToString()));
        if (signature is SignatureFate.Dropped or SignatureFate.Signed)
            changes.Add(new UpgradeChange("signature", "image", IsSignedBefore(signature), signature == SignatureFate.Signed ? "signed" : "none",
                signature == SignatureFate.Dropped ? "dropped: the converted bytes are not what was signed; give --sign-key to sign the output" : null));
        if (source.BuildId == target.BuildId)
            return changes;

        var structs = new List<(StructLayout From, StructLayout To)>();
        if (tasks.Count > 0)
            structs.Add((source.Task, target.Task));
        if (threads.Count > 0)
        {
            structs.Add((source.Thread, target.Thread));
            structs.Add((source.KernelStack, target.KernelStack));
        }
        if (calls.Count > 0 && source.Call is not null && target.Call is not null)
            structs.Add((source.Call, target.Call));
        foreach ((StructLayout from, StructLayout to) in structs)
            Layout(from, to, changes);

        var syscalls = threads.Where(t => t.Syscall is not null).Select(t => t.Syscall!.Name).Distinct();
        Numbers("syscall", syscalls, source.Syscalls, target.Syscalls, changes);
        Numbers("stop-site", threads.Select(t => t.StopSite).Distinct(), source.StopSites, target.StopSites, changes, hex: true);

        EnumValues("task_state", tasks.Select(t => t.State), source, target, changes);
        EnumValues("thread_state", threads.Select(t => t.State.ToString().ToLowerInvariant()), source, target, changes);
        EnumValues("call_state", calls.Select(c => c.State.ToString().ToLowerInvariant()), source, target, changes);
        EnumValues("peer_kind", calls.Select(c => c.Receiver.Kind.ToString().ToLowerInvariant()), source, target, changes);
        EnumValues("transfer_kind", calls.Select(c => c.Transfer?.Kind ?? "none"), source, target, changes);
        FlagBits("task_flags", tasks.SelectMany(t => t.Flags), source, target, changes);
        FlagBits("thread_flags", threads.SelectMany(t => t.Flags), source, target, changes);
        FlagBits("call_flags", calls.SelectMany(c => c.Flags), source, target, changes);
        return changes;
    }

    private static string IsSignedBefore(SignatureFate fate) => fate == SignatureFate.Dropped ? "signed" : "-";

    private static void Layout(StructLayout from, StructLayout to, List<UpgradeChange> changes)
    {
        if (from.Size != to.Size)
            changes.Add(new UpgradeChange("struct", from.Name, $"{from.Size} bytes", $"{to.Size} bytes"));
        IReadOnlyDictionary<string, bool> canonical = CanonicalFields.Of(from.Name);
        // In the source's field order, then what the target adds in its order: the plan reads like the two layouts.
        var names = from.Fields.Select(f => f.Name).Concat(to.Fields.Select(f => f.Name).Where(n => from.Find(n) is null));
        foreach (string name in names)
        {
            FieldLayout? a = from.Find(name), b = to.Find(name);
            if (a is not null && b is not null && a.Offset == b.Offset && a.Type == b.Type)
                continue;
            string? note = (a, b) switch
            {
                (null, { Default: { } d }) => $"added, default {d}",
                ({ Default: not null }, null) => "removed; only its default value converts",
                ({ }, null) when canonical.GetValueOrDefault(name) => "removed; derived on decode",
                (null, { }) when canonical.GetValueOrDefault(name) => "added; derived on the source",
                ({ }, { }) when a.Type != b.Type => a.Width < b.Width ? "widened" : "narrowed; every value must fit",
                _ => "moved",
            };
            changes.Add(new UpgradeChange("field", $"{from.Name}.{name}", Describe(a), Describe(b), note));
        }
    }

    private static string Describe(FieldLayout? field) =>
        field is null ? "-" : string.Create(CultureInfo.InvariantCulture, $"{field.Type.ToString().ToLowerInvariant()} at {field.Offset}");

    private static void Numbers<T>(string kind, IEnumerable<string> used, IReadOnlyDictionary<string, T> from,
        IReadOnlyDictionary<string, T> to, List<UpgradeChange> changes, bool hex = false) where T : struct, IFormattable
    {
        foreach (string name in used.Order(StringComparer.Ordinal))
        {
            string a = from.TryGetValue(name, out T x) ? Format(x, hex) : "-";
            string b = to.TryGetValue(name, out T y) ? Format(y, hex) : "-";
            if (a != b)
                changes.Add(new UpgradeChange(kind, name, a, b));
        }
    }

    private static void EnumValues(string table, IEnumerable<string> used, KernelBuildProfile source, KernelBuildProfile target,
        List<UpgradeChange> changes)
    {
        var from = source.Enums.GetValueOrDefault(table) ?? new Dictionary<string, uint>();
        var to = target.Enums.GetValueOrDefault(table) ?? new Dictionary<string, uint>();
        foreach (string name in used.Distinct().Order(StringComparer.Ordinal))
        {
            string a = from.TryGetValue(name, out uint x) ? Format(x, false) : "-";
            string b = to.TryGetValue(name, out uint y) ? Format(y, false) : "-";
            if (a != b)
                changes.Add(new UpgradeChange("enum", $"{table}.{name}", a, b));
        }
    }

    private static void FlagBits(string table, IEnumerable<string> used, KernelBuildProfile source, KernelBuildProfile target,
        List<UpgradeChange> changes)
    {
        var from = source.Flags.GetValueOrDefault(table) ?? new Dictionary<string, ulong>();
        var to = target.Flags.GetValueOrDefault(table) ?? new Dictionary<string, ulong>();
        foreach (string name in used.Distinct().Order(StringComparer.Ordinal))
        {
            string a = from.TryGetValue(name, out ulong x) ? Format(x, true) : "-";
            string b = to.TryGetValue(name, out ulong y) ? Format(y, true) : "-";
            if (a != b)
                changes.Add(new UpgradeChange("flag", $"{table}.{name}", a, b));
        }
    }

    private static string Format<T>(T value, bool hex) where T : IFormattable =>
        hex ? "0x" + value.ToString("x", CultureInfo.InvariantCulture) : value.ToString(null, CultureInfo.InvariantCulture);
}
