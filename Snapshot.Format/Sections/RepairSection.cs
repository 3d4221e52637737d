using Snapshot.Format.Binary;
using Snapshot.Format.Layout;
using Snapshot.Format.Repair;

namespace Snapshot.Format.Sections;

/// <summary>
/// REPAIR payload (format 1.1): u32 count, lost sections {u8 kind, 3 reserved, u32 type, u64 offset, u64 length,
/// string reason}; u32 count, dropped tasks {u64 task id, string reason}; u32 count, lost page ranges {u64 task id,
/// u32 area id, u8 disposition, u8 evidence, u16 reserved, u64 first page, u64 page count}.
/// </summary>
internal static class RepairSection
{
    private const string Section = "REPAIR";
    private const int MinSectionEntry = 1 + 3 + 4 + 8 + 8 + 2;
    private const int MinTaskEntry = 8 + 2;
    private const int PageEntry = 8 + 4 + 1 + 1 + 2 + 8 + 8;

    /// <summary>Entries per list: far more than any repair produces, small enough that a count cannot exhaust memory.</summary>
    private const int MaxEntries = 1 << 20;

    public static void Write(PayloadWriter writer, RepairRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        writer.U32((uint)record.Sections.Count);
        foreach (LostSection lost in record.Sections)
        {
            writer.U8((byte)lost.Kind);
            writer.Zeros(3);
            writer.U32((uint)lost.Type);
            writer.U64((ulong)lost.Offset);
            writer.U64((ulong)lost.Length);
            writer.String(lost.Reason, "loss reason");
        }
        writer.U32((uint)record.Tasks.Count);
        foreach (DroppedTask task in record.Tasks)
        {
            writer.U64(task.TaskId);
            writer.String(task.Reason, "drop reason");
        }
        writer.U32((uint)record.Pages.Count);
        foreach (LostPageRange range in record.Pages)
        {
            if (range.PageCount == 0)
                throw new ArgumentException("a lost page range holds at least one page", nameof(record));
            writer.U64(range.TaskId);
            writer.U32(range.AreaId);
            writer.U8((byte)range.Disposition);
            writer.U8((byte)range.Evidence);
            writer.U16(0);
            writer.U64(range.FirstPage);
            writer.U64(range.PageCount);
        }
    }

    public static RepairRecord Read(ReadOnlySpan<byte> payload, long offset)
    {
        var reader = new PayloadReader(payload, Section, offset);
        int count = reader.Count(MaxEntries, MinSectionEntry, "lost section");
        var sections = new LostSection[count];
        for (int i = 0; i < count; i++)
        {
            long at = reader.Offset;
            var kind = (LostSectionKind)reader.U8();
            if (!Enum.IsDefined(kind))
                FormatThrow.Invalid(Section, at, $"lost section {i} has unknown kind {(byte)kind}");
            reader.Reserved(3);
            var type = (SectionType)reader.U32();
            long lostOffset = Length(ref reader, "offset");
            long length = Length(ref reader, "length");
            sections[i] = new LostSection(kind, type, lostOffset, length, reader.String("loss reason"));
        }

        count = reader.Count(FormatLimits.MaxTasks, MinTaskEntry, "dropped task");
        var tasks = new DroppedTask[count];
        for (int i = 0; i < count; i++)
            tasks[i] = new DroppedTask(reader.U64(), reader.String("drop reason"));

        count = reader.Count(MaxEntries, PageEntry, "lost page range");
        var pages = new LostPageRange[count];
        for (int i = 0; i < count; i++)
        {
            long at = reader.Offset;
            ulong taskId = reader.U64();
            uint areaId = reader.U32();
            var disposition = (PageDisposition)reader.U8();
            var evidence = (LossEvidence)reader.U8();
            if (!Enum.IsDefined(disposition) || !Enum.IsDefined(evidence))
                FormatThrow.Invalid(Section, at, $"lost page range {i} has unknown disposition {(byte)disposition} or evidence {(byte)evidence}");
            reader.Reserved(2);
            ulong first = reader.U64();
            ulong pageCount = reader.U64();
            if (pageCount == 0 || first + pageCount < first)
                FormatThrow.Invalid(Section, at, $"lost page range {i} (first page {first}, {pageCount} pages) is empty or wraps around");
            pages[i] = new LostPageRange(taskId, areaId, first, pageCount, disposition, evidence);
        }
        reader.End();
        return new RepairRecord(sections, tasks, pages);
    }

    private static long Length(ref PayloadReader reader, string what)
    {
        long at = reader.Offset;
        ulong value = reader.U64();
        return value <= long.MaxValue
            ? (long)value
            : FormatThrow.Invalid<long>(Section, at, $"lost section {what} {value} is impossible");
    }
}
