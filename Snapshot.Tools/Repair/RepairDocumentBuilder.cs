using System.Globalization;
using Snapshot.Format;
using Snapshot.Format.Repair;
using Snapshot.Tools.Formatting;
using Snapshot.Tools.Info;

namespace Snapshot.Tools.Repair;

/// <summary>Turns the engine's <see cref="RepairReport"/> into the document both views render.</summary>
internal static class RepairDocumentBuilder
{
    public static RepairDocument Build(ToolStamp tool, string input, bool dryRun, RepairReport report) => new(
        tool,
        input,
        report.OutputPath,
        dryRun,
        Outcome(report.Outcome),
        report.Refusal is { } refusal ? new RepairRefusalInfo(refusal.Section, Notation.Offset(refusal.Offset), refusal.Reason) : null,
        report.Build is { } build
            ? new RepairBuildInfo(build.Display, build.KernelName, build.Version, build.Architecture, build.BuildId.ToString(), report.BuildFromOption)
            : null,
        report.PagesPerChunk,
        Part(report.Header),
        Part(report.Index),
        Part(report.Footer),
        report.CheckpointRebuilt,
        report.TasksKept,
        [.. report.Sections.Select(s => new RepairSectionInfo(s.Name, Notation.TypeCode((uint)s.Type), Notation.Offset(s.Offset),
            s.PayloadLength, Notation.Crc(s.PayloadCrc), s.TaskId, Kebab(s.Fate.ToString()), s.Detail))],
        Loss(report.Lost),
        report.Record is not null);

    public static string Outcome(RepairOutcome outcome) => outcome switch
    {
        RepairOutcome.NothingLost => "nothing-lost",
        RepairOutcome.Repaired => "repaired",
        _ => "unrepairable",
    };

    private static LossInfo Loss(RepairRecord lost) => new(
        [.. lost.Sections.Select(s => new LostSectionInfo(Kebab(s.Kind.ToString()), s.Kind == LostSectionKind.Section ? s.Name : null,
            Notation.Offset(s.Offset), s.Length, s.Reason))],
        [.. lost.Tasks.Select(t => new DroppedTaskInfo(t.TaskId, t.Reason))],
        [.. lost.Pages.Select(p => new LostPagesInfo(p.TaskId, p.AreaId, Pages(p), p.FirstPage, p.PageCount,
            Kebab(p.Disposition.ToString()), Kebab(p.Evidence.ToString())))],
        lost.LostPageCount);

    private static PartInfo Part(PartState state) => new(Kebab(state.Condition.ToString()), state.Detail);

    /// <summary>"15" or "0-63".</summary>
    private static string Pages(LostPageRange range) => range.PageCount == 1
        ? range.FirstPage.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{range.FirstPage}-{range.LastPage}");

    /// <summary>"ZeroFilled" → "zero-filled".</summary>
    private static string Kebab(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "-" : "") + char.ToLowerInvariant(c) : c.ToString()));
}
