using System.Globalization;
using System.Text.Json;
using Snapshot.Format.Binary;
using Snapshot.Format.Repair;
using Snapshot.Format.Sections;

namespace Snapshot.Format.Conversion.Sections;

/// <summary>REPAIR: <c>"lostSections"</c>, <c>"droppedTasks"</c> and <c>"lostPages"</c>, as snaprepair recorded them.</summary>
internal sealed class RepairConverter : SectionConverter
{
    // The limits RepairSection.Read enforces.
    private const int MaxEntries = 1 << 20;

    public override SectionType Type => SectionType.Repair;

    public override IReadOnlyList<string> Fields { get; } = ["lostSections", "droppedTasks", "lostPages"];

    public override void Decode(ReadOnlySpan<byte> payload, long payloadOffset, ConversionContext context, Utf8JsonWriter json)
    {
        RepairRecord record = RepairSection.Read(payload, payloadOffset);
        json.WriteStartArray("lostSections");
        foreach (LostSection lost in record.Sections)
        {
            json.WriteStartObject();
            json.WriteString("kind", JsonNames.Of(JsonNames.LostSectionKinds, lost.Kind));
            json.WriteString("sectionType", SectionTypeNames.Of(lost.Type));
            JsonIntegers.Write(json, "offset", (ulong)lost.Offset);
            JsonIntegers.Write(json, "length", (ulong)lost.Length);
            json.WriteString("reason", lost.Reason);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("droppedTasks");
        foreach (DroppedTask task in record.Tasks)
        {
            json.WriteStartObject();
            JsonIntegers.Write(json, "taskId", task.TaskId);
            json.WriteString("reason", task.Reason);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("lostPages");
        foreach (LostPageRange range in record.Pages)
        {
            json.WriteStartObject();
            JsonIntegers.Write(json, "taskId", range.TaskId);
            json.WriteNumber("areaId", range.AreaId);
            JsonIntegers.Write(json, "firstPage", range.FirstPage);
            JsonIntegers.Write(json, "pageCount", range.PageCount);
            json.WriteString("disposition", JsonNames.Of(JsonNames.Dispositions, range.Disposition));
            json.WriteString("evidence", JsonNames.Of(JsonNames.Evidence, range.Evidence));
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    public override byte[] Encode(JsonCursor section, ConversionContext context)
    {
        var sections = new List<LostSection>();
        foreach (JsonCursor item in section.Property("lostSections").Items(MaxEntries))
        {
            item.AllowOnly("kind", "sectionType", "offset", "length", "reason");
            sections.Add(new LostSection(item.Property("kind").Choice(JsonNames.LostSectionKinds),
                SectionTypeNames.Parse(item.Property("sectionType")),
                (long)item.Property("offset").Unsigned(long.MaxValue), (long)item.Property("length").Unsigned(long.MaxValue),
                item.Property("reason").FormatString()));
        }
        var tasks = new List<DroppedTask>();
        foreach (JsonCursor item in section.Property("droppedTasks").Items(Layout.FormatLimits.MaxTasks))
        {
            item.AllowOnly("taskId", "reason");
            tasks.Add(new DroppedTask(item.Property("taskId").Unsigned(), item.Property("reason").FormatString()));
        }
        var pages = new List<LostPageRange>();
        foreach (JsonCursor item in section.Property("lostPages").Items(MaxEntries))
        {
            item.AllowOnly("taskId", "areaId", "firstPage", "pageCount", "disposition", "evidence");
            ulong first = item.Property("firstPage").Unsigned();
            JsonCursor countField = item.Property("pageCount");
            ulong count = countField.Unsigned();
            if (count == 0 || first + count < first)
                countField.Fail(string.Create(CultureInfo.InvariantCulture, $"a range of {count} pages from page {first} is empty or wraps around"));
            pages.Add(new LostPageRange(item.Property("taskId").Unsigned(), item.Property("areaId").U32(), first, count,
                item.Property("disposition").Choice(JsonNames.Dispositions), item.Property("evidence").Choice(JsonNames.Evidence)));
        }
        var writer = new PayloadWriter();
        RepairSection.Write(writer, new RepairRecord(sections, tasks, pages));
        return writer.WrittenSpan.ToArray();
    }
}
