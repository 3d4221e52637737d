using System.Globalization;
using Snapshot.Format;
using Snapshot.Format.Repair;
using Snapshot.Tools.Formatting;

namespace Snapshot.Tools.Info;

/// <summary>
/// Describes an image's REPAIR record for snapinfo in snaprepair's own vocabulary, adding what only the repaired
/// image knows: each lost page range's area name and addresses.
/// </summary>
internal static class RepairInfoBuilder
{
    /// <summary>The line every view leads with: a repaired image is not restorable by default.</summary>
    public const string Notice = "REPAIRED: restore needs --accept-repaired";

    public static RepairInfo Build(RepairRecord record, ImageMetadata metadata)
    {
        // The reader refuses duplicate ids; first-wins keeps this total even if that ever changed.
        var areas = metadata.Tasks
            .SelectMany(task => task.Areas.Select(area => (task.Task.TaskId, Area: area)))
            .GroupBy(pair => (pair.TaskId, pair.Area.AreaId))
            .ToDictionary(group => group.Key, group => group.First().Area);
        var pageSize = (ulong)metadata.Header.Build.PageSize;

        return new RepairInfo(
            Notice,
            record.LostPageCount,
            [.. record.Sections.Select(Section)],
            [.. record.Tasks.Select(task => new RepairDroppedTaskInfo(task.TaskId, task.Reason))],
            [.. record.Pages.Select(range => Pages(range, areas.GetValueOrDefault((range.TaskId, range.AreaId)), pageSize))]);
    }

    private static RepairLostSectionInfo Section(LostSection section)
    {
        var isSection = section.Kind == LostSectionKind.Section;
        return new RepairLostSectionInfo(
            Kebab(section.Kind.ToString()),
            isSection ? section.Name : null,
            isSection ? Notation.TypeCode((uint)section.Type) : null,
            Notation.Offset(section.Offset),
            section.Length,
            section.Reason);
    }

    private static RepairLostPagesInfo Pages(LostPageRange range, AreaRecord? area, ulong pageSize)
    {
        // A record is untrusted input like any other: a page range beyond the address space has no addresses.
        string? start = null, end = null;
        if (area is not null && pageSize > 0 && range.PageCount > 0
            && range.FirstPage <= (ulong.MaxValue - area.Base) / pageSize
            && range.PageCount <= (ulong.MaxValue - area.Base) / pageSize - range.FirstPage)
        {
            start = Notation.Address(area.Base + range.FirstPage * pageSize);
            end = Notation.Address(area.Base + (range.FirstPage + range.PageCount) * pageSize);
        }

        return new RepairLostPagesInfo(
            range.TaskId,
            range.AreaId,
            area?.Name,
            range.PageCount == 1
                ? range.FirstPage.ToString(CultureInfo.InvariantCulture)
                : string.Create(CultureInfo.InvariantCulture, $"{range.FirstPage}-{range.LastPage}"),
            range.FirstPage,
            range.PageCount,
            start,
            end,
            Kebab(range.Disposition.ToString()),
            Kebab(range.Evidence.ToString()));
    }

    /// <summary>"ZeroFilled" → "zero-filled", as snaprepair's JSON spells these values.</summary>
    private static string Kebab(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "-" : "") + char.ToLowerInvariant(c) : c.ToString()));
}
