using Snapshot.Format.Repair;
using Snapshot.Format.Tests.Support;

namespace Snapshot.Format.Tests.Repair;

/// <summary>The REPAIR section and the "repaired" bit (format 1.1) as every reader sees them.</summary>
public sealed class RepairSectionTests
{
    private static readonly RepairRecord s_record = new(
        [
            new LostSection(LostSectionKind.Header, 0, 0, 128, "header CRC32C mismatch"),
            new LostSection(LostSectionKind.Section, SectionType.MemoryChunk, 0x878, 0x410, "payload CRC32C mismatch"),
            new LostSection(LostSectionKind.UnreadableBytes, 0, 0x1000, 4096, "section sync marker missing"),
        ],
        [new DroppedTask(2, "only 0 of its 1 THREAD sections are readable")],
        [
            new LostPageRange(1, 2, 0, 3, PageDisposition.Dropped, LossEvidence.Index),
            new LostPageRange(1, 3, 64, 64, PageDisposition.ZeroFilled, LossEvidence.Bound),
        ]);

    [Fact]
    public void A_repaired_image_is_format_1_1_and_every_reader_returns_its_record()
    {
        byte[] bytes = Write(s_record, repairedBit: true);
        using var directory = new TempDirectory();
        string path = directory.File("repaired.snap");
        File.WriteAllBytes(path, bytes);

        using ImageReader reader = ImageReader.Open(path);
        Assert.Equal(new FormatVersion(1, 1), reader.Header.Version);
        Assert.Equal(SectionType.Repair, reader.Index[0].Type);
        RepairAssertions.AssertSameRecord(s_record, reader.ReadMetadata().Repair!);
        RepairAssertions.AssertSameRecord(s_record, ImageStreamReader.Read(new MemoryStream(bytes)).Repair!);
        Assert.True(Validation.ImageValidator.Validate(path).IsValid);
        Assert.Equal(67UL, s_record.LostPageCount);
    }

    [Fact]
    public void An_image_without_the_bit_stays_format_1_0_and_has_no_record()
    {
        using var directory = new TempDirectory();
        var image = new TestImage { Options = new ImageWriterOptions { Compatibility = FormatVersion.V1_2 } };
        image.Tasks.Add(TestTask.Create(1, seed: 1, dataPages: 6));
        string path = image.WriteFile(directory);
        using ImageReader reader = ImageReader.Open(path);
        Assert.Equal(new FormatVersion(1, 0), reader.Header.Version);
        Assert.Null(reader.ReadMetadata().Repair);
    }

    [Theory]
    [InlineData(true, false, "has the \"repaired\" feature bit but the image has no REPAIR section")]
    [InlineData(false, true, "has a REPAIR section but the header lacks the \"repaired\" feature bit")]
    public void The_bit_and_the_section_come_together(bool bit, bool section, string message)
    {
        byte[] bytes = Write(section ? s_record : null, bit);
        using var directory = new TempDirectory();
        string path = directory.File("lie.snap");
        File.WriteAllBytes(path, bytes);

        using ImageReader reader = ImageReader.Open(path);
        var e = Assert.Throws<SnapshotFormatException>(() => reader.ReadMetadata());
        Assert.Contains(message, e.Reason);
        Validation.ValidationProblem problem = Assert.Single(Validation.ImageValidator.Validate(path).Problems);
        Assert.Equal(bit ? "header" : "REPAIR", problem.Section);
        Assert.Throws<SnapshotFormatException>(() => ImageStreamReader.Read(new MemoryStream(bytes)));
    }

    [Fact]
    public void Every_truncation_of_the_payload_is_refused_with_the_one_exception()
    {
        var writer = new Snapshot.Format.Binary.PayloadWriter();
        Sections.RepairSection.Write(writer, s_record);
        byte[] payload = writer.WrittenSpan.ToArray();
        RepairAssertions.AssertSameRecord(s_record, Sections.RepairSection.Read(payload, 0));
        for (int length = 0; length < payload.Length; length++)
        {
            var e = Assert.Throws<SnapshotFormatException>(() => Sections.RepairSection.Read(payload.AsSpan(0, length), 0x100));
            Assert.Equal("REPAIR", e.Section);
        }
    }

    [Fact]
    public void Hostile_counts_and_values_are_refused_before_allocating()
    {
        byte[] huge = [0xff, 0xff, 0xff, 0x7f, 0, 0, 0, 0];
        Assert.Contains("exceeds the limit", Assert.Throws<SnapshotFormatException>(() => Sections.RepairSection.Read(huge, 0)).Reason);

        var writer = new Snapshot.Format.Binary.PayloadWriter();
        Sections.RepairSection.Write(writer, s_record with { Sections = [], Tasks = [] });
        byte[] payload = writer.WrittenSpan.ToArray();
        payload[8 + 4 + 8 + 4] = 9; // disposition of the first range
        Assert.Contains("unknown disposition", Assert.Throws<SnapshotFormatException>(() => Sections.RepairSection.Read(payload, 0)).Reason);
    }

    [Fact]
    public void A_record_of_a_hostile_number_of_losses_is_summarised_and_still_fits_a_section()
    {
        string reason = new('x', 1024);
        List<LostSection> sections = [.. Enumerable.Range(0, 20_000).Select(i =>
            new LostSection(LostSectionKind.UnreadableBytes, 0, 0x1000 + i * 64L, 40, reason))];
        List<LostPageRange> pages = [.. Enumerable.Range(0, 300_000).Select(i =>
            new LostPageRange(1, (uint)(i % 3), (ulong)i * 2, 1, PageDisposition.Dropped, LossEvidence.Index))];

        List<LostSection> capped = RepairRun.CapSections(sections);
        List<LostPageRange> cappedPages = RepairRun.CapPages(pages);

        Assert.Equal(RepairRun.MaxRecordedSections, capped.Count);
        LostSection summary = capped[^1];
        Assert.Equal((0x1000 + (RepairRun.MaxRecordedSections - 1) * 64L, 0x1000 + 19_999 * 64L + 40), (summary.Offset, summary.Offset + summary.Length));
        Assert.StartsWith("10001 more losses in this range are not listed", summary.Reason);
        Assert.Equal(RepairRun.MaxRecordedPageRanges / 2 + 3, cappedPages.Count);
        Assert.All(cappedPages.Skip(RepairRun.MaxRecordedPageRanges / 2), r => Assert.Equal(LossEvidence.Bound, r.Evidence));
        var writer = new Snapshot.Format.Binary.PayloadWriter();
        Sections.RepairSection.Write(writer, new RepairRecord(capped, [], cappedPages));
        Assert.True(writer.Length <= 16 * 1024 * 1024);
    }

    private static byte[] Write(RepairRecord? record, bool repairedBit)
    {
        var features = new FeatureSet(Features.IncompatZstd | (repairedBit ? Features.IncompatRepaired : 0), 0, 0);
        using var stream = new MemoryStream();
        TestTask task = TestTask.Create(1, seed: 4, dataPages: 2);
        using (ImageWriter writer = ImageWriter.Create(stream, TestImage.Profile.Stamp, null, features,
                   [new(FeatureKind.Incompatible, 0, "zstd"), new(FeatureKind.Incompatible, 1, "repaired")]))
        {
            if (record is not null)
                writer.WriteRepair(record);
            writer.WriteCheckpoint(new CheckpointRecord([1], false));
            writer.WriteTask(task.Task);
            writer.WriteAreas(1, task.Areas);
            foreach (ThreadRecord thread in task.Threads)
                writer.WriteThread(thread);
            writer.Complete();
        }
        return stream.ToArray();
    }
}
