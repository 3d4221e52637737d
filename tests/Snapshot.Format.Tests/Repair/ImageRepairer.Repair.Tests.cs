using Snapshot.Format.Repair;
using Snapshot.Format.Tests.Support;

namespace Snapshot.Format.Tests.Repair;

public sealed class ImageRepairerRepairTests
{
    public static TheoryData<string, string> FramingDamage()
    {
        var data = new TheoryData<string, string>();
        foreach (string fixture in new[] { "ckpt.snap", "prodcons.snap", "sieve.snap", "sleeper.snap" })
        {
            foreach (string damage in new[] { "lost footer", "lost index", "index bit", "index frame bit", "footer bit",
                         "footer magic bit", "task and areas swapped", "last two sections swapped", "checkpoint and task swapped",
                         "thread and chunk swapped", "thread repeated", "cut at the index" })
                data.Add(fixture, damage);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(FramingDamage))]
    public void Damage_to_framing_alone_loses_nothing_and_writes_the_original_again(string fixture, string damage)
    {
        using var directory = new TempDirectory();
        DamagedImage image = DamagedImage.OfFixture(directory, fixture);
        IndexEntry index = image.Sections[^1];
        switch (damage)
        {
            case "lost footer": image.LoseFooter(); break;
            case "lost index": image.LoseIndex(); break;
            case "index bit": image.FlipBit(image.IndexOffset + 32 + 8 + 20, 1); break;
            case "index frame bit": image.FlipBit(image.IndexOffset + 9); break;
            case "footer bit": image.FlipBit(image.Bytes.Length - 20, 5); break;
            case "footer magic bit": image.FlipBit(image.Bytes.Length - 32, 0); break;
            case "task and areas swapped": image.SwapAdjacent(image.Sections[1], image.Sections[2]); break;
            case "last two sections swapped": image.SwapAdjacent(image.Sections[^2], index); break;
            case "checkpoint and task swapped": image.SwapAdjacent(image.Sections[0], image.Sections[1]); break;
            case "thread and chunk swapped":
                IndexEntry lastThread = image.Sections.Last(s => s.Type == SectionType.Thread);
                image.SwapAdjacent(lastThread, image.Sections.First(s => s.Offset == lastThread.Offset + lastThread.TotalLength));
                break;
            case "thread repeated": image.Repeat(image.First(SectionType.Thread)); break;
            case "cut at the index": image.Truncate(image.IndexOffset + 40); break;
        }

        RepairReport report = Repair(image);

        RepairAssertions.WroteTheOriginalAgain(image, report);
        Assert.Empty(report.Lost.Sections);
        Assert.Equal([1UL], report.TasksKept);
        if (damage == "thread repeated")
            Assert.Single(report.Sections, s => s.Fate == SectionFate.Duplicate && s.Type == SectionType.Thread);
    }

    [Fact]
    public void A_damaged_memory_chunk_is_dropped_and_its_pages_named_from_the_index()
    {
        using var directory = new TempDirectory();
        DamagedImage image = DamagedImage.OfFixture(directory, "prodcons.snap");
        IndexEntry chunk = image.Sections.Where(s => s.Type == SectionType.MemoryChunk).ElementAt(3);
        image.FlipPayloadBit(chunk);

        var (report, record) = RepairMarked(image);

        LostSection lost = Assert.Single(record.Sections);
        Assert.Equal((LostSectionKind.Section, SectionType.MemoryChunk, chunk.Offset, chunk.TotalLength), (lost.Kind, lost.Type, lost.Offset, lost.Length));
        Assert.Contains("payload CRC32C mismatch", lost.Reason);
        Assert.Empty(record.Tasks);
        Assert.Equal(PagesOf(chunk, LossEvidence.Index), record.Pages);
        RepairAssertions.RecoveredEverythingBut(image, image.Output, chunk.Offset);
        Assert.Equal(SectionFate.Dropped, report.Sections.Single(s => s.Offset == chunk.Offset).Fate);
    }

    [Fact]
    public void With_zero_damaged_the_lost_pages_are_recorded_as_zero_filled()
    {
        using var directory = new TempDirectory();
        DamagedImage image = DamagedImage.OfFixture(directory, "sieve.snap");
        IndexEntry chunk = image.Sections.Last(s => s.Type == SectionType.MemoryChunk);
        image.FlipPayloadBit(chunk);

        (_, RepairRecord record) = RepairMarked(image, new RepairOptions { ZeroDamaged = true });

        Assert.All(record.Pages, range => Assert.Equal(PageDisposition.ZeroFilled, range.Disposition));
        Assert.Equal(PagesOf(chunk, LossEvidence.Index, PageDisposition.ZeroFilled), record.Pages);
    }

    [Fact]
    public void A_damaged_chunk_frame_loses_its_bytes_and_the_index_names_its_pages()
    {
        using var directory = new TempDirectory();
        DamagedImage image = DamagedImage.OfFixture(directory, "prodcons.snap");
        IndexEntry chunk = image.First(SectionType.MemoryChunk);
        image.FlipFrameBit(chunk);

        (_, RepairRecord record) = RepairMarked(image);

        LostSection lost = Assert.Single(record.Sections);
        Assert.Equal((LostSectionKind.UnreadableBytes, chunk.Offset, chunk.TotalLength), (lost.Kind, lost.Offset, lost.Length));
        Assert.Equal(PagesOf(chunk, LossEvidence.Index), record.Pages);
        RepairAssertions.RecoveredEverythingBut(image, image.Output, chunk.Offset);
    }

    [Fact]
    public void Without_an_index_a_damaged_chunk_names_its_pages_from_its_own_fields()
    {
        using var directory = new TempDirectory();
        DamagedImage image = DamagedImage.OfFixture(directory, "sleeper.snap");
        IndexEntry chunk = image.Sections.Where(s => s.Type == SectionType.MemoryChunk).ElementAt(1);
        image.FlipPayloadBit(chunk);
        image.LoseIndex();

        var (report, record) = RepairMarked(image);

        Assert.Equal(PagesOf(chunk, LossEvidence.ChunkHeader), record.Pages);
        Assert.Equal(PartCondition.Damaged, report.Index.Condition);
        RepairAssertions.RecoveredEverythingBut(image, image.Output, chunk.Offset);
    }

    [Fact]
    public void A_damaged_checkpoint_is_rebuilt_from_the_task_sections()
    {
        using var directory = new TempDirectory();
        DamagedImage image = DamagedImage.OfFixture(directory, "ckpt.snap");
        IndexEntry checkpoint = image.First(SectionType.Checkpoint);
        image.FlipPayloadBit(checkpoint);

        var (report, record) = RepairMarked(image);

        Assert.True(report.CheckpointRebuilt);
        LostSection lost = Assert.Single(record.Sections);
        Assert.Equal((SectionType.Checkpoint, checkpoint.Offset), (lost.Type, lost.Offset));
        Assert.Contains("rebuilt from the TASK sections", lost.Reason);
        Assert.Empty(record.Pages);
        RepairAssertions.RecoveredEverythingBut(image, image.Output, checkpoint.Offset);
        using ImageReader reader = ImageReader.Open(image.Output);
        Assert.Equal([1UL], reader.ReadMetadata().Checkpoint.TaskIds);
    }

    [Theory]
    [InlineData(SectionType.Task, "TASK section is missing or damaged")]
    [InlineData(SectionType.Areas, "AREAS section is missing or damaged (the task has 8 areas)")]
    [InlineData(SectionType.Thread, "only 4 of its 5 THREAD sections are readable")]
    public void The_only_task_without_its_metadata_cannot_be_repaired_and_the_reason_names_the_section(SectionType type, string why)
    {
        using var directory = new TempDirectory();
        DamagedImage image = DamagedImage.OfFixture(directory, "prodcons.snap");
        IndexEntry section = image.Sections.Last(s => s.Type == type);
        image.FlipPayloadBit(section);

        RepairReport report = Repair(image);

        Assert.Equal(RepairOutcome.Unrepairable, report.Outcome);
        Assert.Null(report.OutputPath);
        Assert.False(File.Exists(image.Output));
        Assert.Single(Directory.GetFiles(directory.Path), f => f.EndsWith("damaged.snap", StringComparison.Ordinal));
        RepairRefusal refusal = report.Refusal!;
        Assert.Equal((SectionNames.Of(type), section.Offset), (refusal.Section, refusal.Offset));
        Assert.Contains(why, refusal.Reason);
        Assert.Contains("it is the only task of the image", refusal.Reason);
    }

    [Fact]
    public void A_damaged_header_is_refused_without_a_build_and_rebuilt_with_one()
    {
        using var directory = new TempDirectory();
        DamagedImage image = DamagedImage.OfFixture(directory, "sleeper.snap");
        image.FlipBit(0x5a, 3); // inside the kernel name

        RepairReport refused = Repair(image);
        Assert.Equal(RepairOutcome.Unrepairable, refused.Outcome);
        Assert.Equal(("header", 0x28L), (refused.Refusal!.Section, refused.Refusal.Offset));
        Assert.Contains("header CRC32C mismatch", refused.Refusal.Reason);
        Assert.Contains("--build NAME (built-in builds: spartan-0.4", refused.Refusal.Reason);

        var (report, record) = RepairMarked(image, new RepairOptions { Build = "spartan-0.4" });
        Assert.True(report.BuildFromOption);
        Assert.Equal(PartCondition.Damaged, report.Header.Condition);
        LostSection lost = Assert.Single(record.Sections);
        Assert.Equal(LostSectionKind.Header, lost.Kind);
        Assert.Empty(record.Pages);
        RepairAssertions.RecoveredEverythingBut(image, image.Output);
    }

    [Fact]
    public void A_build_that_contradicts_an_intact_header_is_refused()
    {
        using var directory = new TempDirectory();
        DamagedImage image = DamagedImage.OfFixture(directory, "ckpt.snap");

        RepairReport report = Repair(image, new RepairOptions { Build = "spartan-9.9" });

        Assert.Equal(RepairOutcome.Unrepairable, report.Outcome);
        Assert.Contains("--build spartan-9.9 is not a built-in kernel build", report.Refusal!.Reason);
    }

    [Fact]
    public void A_truncated_image_is_recovered_up_to_the_cut_and_the_cut_chunk_is_named()
    {
        using var directory = new TempDirectory();
        DamagedImage image = DamagedImage.Of(directory, TestImage.Small(seed: 3, dataPages: 20));
        IndexEntry cut = image.Sections.Last(s => s.Type == SectionType.MemoryChunk && s.AreaId == 2);
        IndexEntry stack = image.Sections.Single(s => s.Type == SectionType.MemoryChunk && s.AreaId == 3);
        Assert.True(cut.PayloadLength > 200);
        image.Truncate(cut.Offset + 32 + cut.PayloadLength / 2);

        var (report, record) = RepairMarked(image);

        Assert.Equal((PartCondition.Missing, PartCondition.Missing), (report.Index.Condition, report.Footer.Condition));
        LostSection lost = Assert.Single(record.Sections);
        Assert.Equal((SectionType.MemoryChunk, cut.Offset), (lost.Type, lost.Offset));
        Assert.StartsWith("truncated", lost.Reason);
        // The cut chunk's own fields name its pages; everything a writer stores after it is the bound.
        List<LostPageRange> expected = PagesOf(cut, LossEvidence.ChunkHeader);
        ulong afterCut = (cut.ChunkIndex + 1UL) * 64;
        if (afterCut < 256)
            expected.Add(new(1, 2, afterCut, 256 - afterCut, PageDisposition.Dropped, LossEvidence.Bound));
        expected.Add(new(1, 3, 0, 16, PageDisposition.Dropped, LossEvidence.Bound));
        Assert.Equal(expected, record.Pages);
        RepairAssertions.RecoveredEverythingBut(image, image.Output, cut.Offset, stack.Offset);
    }

    [Fact]
    public void An_image_cut_between_sections_bounds_the_lost_pages_by_the_writer_order()
    {
        using var directory = new TempDirectory();
        DamagedImage image = DamagedImage.Of(directory, TestImage.Small(seed: 5, dataPages: 30));
        IndexEntry firstStack = image.Sections.First(s => s.Type == SectionType.MemoryChunk && s.AreaId == 3);
        IndexEntry lastData = image.Sections.Last(s => s.Type == SectionType.MemoryChunk && s.AreaId == 2);
        image.Truncate(firstStack.Offset);

        (_, RepairRecord record) = RepairMarked(image);

        Assert.Empty(record.Sections);
        ulong afterData = (lastData.ChunkIndex + 1UL) * 64;
        List<LostPageRange> expected = [new(1, 3, 0, 16, PageDisposition.Dropped, LossEvidence.Bound)];
        if (afterData < 256)
            expected.Insert(0, new(1, 2, afterData, 256 - afterData, PageDisposition.Dropped, LossEvidence.Bound));
        Assert.Equal(expected, record.Pages);
        RepairAssertions.RecoveredEverythingBut(image, image.Output, firstStack.Offset);
    }

    [Fact]
    public void A_zeroed_block_loses_exactly_the_chunks_it_hit()
    {
        using var directory = new TempDirectory();
        DamagedImage image = DamagedImage.Of(directory, TestImage.Small(seed: 9, dataPages: 40));
        const long block = 3 * 4096;
        image.Zero(block, 4096);
        IndexEntry[] hit = [.. image.Sections.Where(s => s.Offset < block + 4096 && s.Offset + s.TotalLength > block)];
        Assert.All(hit, s => Assert.Equal(SectionType.MemoryChunk, s.Type));

        (_, RepairRecord record) = RepairMarked(image);

        Assert.Equal(hit.SelectMany(s => PagesOf(s, LossEvidence.Index)).Select(r => (r.AreaId, r.FirstPage, r.PageCount)).Order(),
            Expand(record.Pages).Order());
        Assert.All(record.Sections, s => Assert.True(s.Offset < block + 4096 && s.Offset + s.Length > block));
        RepairAssertions.RecoveredEverythingBut(image, image.Output, [.. hit.Select(s => s.Offset)]);
    }

    [Fact]
    public void With_several_tasks_an_inconsistent_task_is_dropped_and_the_others_kept()
    {
        using var directory = new TempDirectory();
        DamagedImage image = TwoTaskImage(directory, seeds: (1, 2), dataPages: 4);
        IndexEntry thread = image.Sections.Single(s => s.Type == SectionType.Thread && s.TaskId == 2);
        image.FlipPayloadBit(thread);

        var (report, record) = RepairMarked(image);

        DroppedTask dropped = Assert.Single(record.Tasks);
        Assert.Equal(2UL, dropped.TaskId);
        Assert.Equal("only 0 of its 1 THREAD sections are readable", dropped.Reason);
        Assert.Equal([1UL], report.TasksKept);
        long[] taskTwo = [.. image.Sections.Where(s => s.TaskId == 2).Select(s => s.Offset)];
        Assert.Equal(taskTwo.Order(), record.Sections.Select(s => s.Offset).Order());
        Assert.Empty(record.Pages);
        using ImageReader reader = ImageReader.Open(image.Output);
        ImageMetadata metadata = reader.ReadMetadata();
        Assert.Equal([1UL], metadata.Checkpoint.TaskIds);
        Assert.Equal(1UL, Assert.Single(metadata.Tasks).Task.TaskId);
    }

    [Theory]
    [InlineData(SectionType.Task)]
    [InlineData(SectionType.Areas)]
    [InlineData(SectionType.Thread)]
    public void A_zeroed_block_over_one_task_of_several_drops_that_task(SectionType kind)
    {
        using var directory = new TempDirectory();
        DamagedImage image = TwoTaskImage(directory, seeds: (21, 22), dataPages: 12);
        IndexEntry target = image.Sections.First(s => s.Type == kind && s.TaskId == 2);
        long block = target.Offset / 4096 * 4096;
        image.Zero(block, 4096);

        var (report, record) = RepairMarked(image);

        Assert.Equal(2UL, Assert.Single(record.Tasks).TaskId);
        Assert.Equal([1UL], report.TasksKept);
        IndexEntry[] hit = [.. image.Sections.Where(s => s.Offset < block + 4096 && s.Offset + s.TotalLength > block)];
        // Task 1 keeps everything the block did not touch; its pages in the block are named by the index.
        long[] lost = [.. image.Sections.Where(s => s.TaskId == 2 || hit.Contains(s)).Select(s => s.Offset)];
        RepairAssertions.RecoveredEverythingBut(image, image.Output, [.. lost, image.First(SectionType.Checkpoint).Offset]);
        Assert.All(record.Pages, range => Assert.Equal((1UL, LossEvidence.Index), (range.TaskId, range.Evidence)));
    }

    [Fact]
    public void When_every_task_is_inconsistent_nothing_is_written()
    {
        using var directory = new TempDirectory();
        DamagedImage image = TwoTaskImage(directory, seeds: (1, 2), dataPages: 2);
        foreach (IndexEntry areas in image.Sections.Where(s => s.Type == SectionType.Areas))
            image.FlipPayloadBit(areas);

        RepairReport report = Repair(image);

        Assert.Equal(RepairOutcome.Unrepairable, report.Outcome);
        Assert.StartsWith("none of the 2 tasks can be restored: task 1: its AREAS section", report.Refusal!.Reason);
        Assert.False(File.Exists(image.Output));
    }

    [Fact]
    public void A_repeated_chunk_is_a_duplicate_not_a_loss()
    {
        using var directory = new TempDirectory();
        DamagedImage image = DamagedImage.OfFixture(directory, "prodcons.snap");
        IndexEntry chunk = image.Sections.Last(s => s.Type == SectionType.MemoryChunk);
        image.Repeat(chunk);

        RepairReport report = Repair(image);

        RepairAssertions.WroteTheOriginalAgain(image, report);
        ScannedSection duplicate = Assert.Single(report.Sections, s => s.Fate == SectionFate.Duplicate);
        Assert.Equal(chunk.Offset + chunk.TotalLength, duplicate.Offset);
        Assert.Equal($"repeats the MEMCHUNK section at 0x{chunk.Offset:x}", duplicate.Detail);
    }

    [Fact]
    public void A_conflicting_duplicate_is_dropped_as_a_loss_and_the_first_copy_kept()
    {
        using var directory = new TempDirectory();
        DamagedImage image = DamagedImage.OfFixture(directory, "prodcons.snap");
        IndexEntry thread = image.Sections.Where(s => s.Type == SectionType.Thread).ElementAt(2);
        image.Repeat(thread);
        long copy = thread.Offset + thread.TotalLength;
        image.FlipBit(copy + 32 + 100, 6); // a valid but different copy: a writer bug, not a disk error
        ImageBytes.ResealPayload(image.Bytes, copy);

        (_, RepairRecord record) = RepairMarked(image);

        LostSection lost = Assert.Single(record.Sections);
        Assert.Equal((SectionType.Thread, copy), (lost.Type, lost.Offset));
        Assert.Equal($"conflicts with the THREAD section at 0x{thread.Offset:x}, which was found first and is kept", lost.Reason);
        RepairAssertions.RecoveredEverythingBut(image, image.Output);
    }

    [Fact]
    public void Repairing_a_repaired_image_keeps_its_record_and_its_mark()
    {
        using var directory = new TempDirectory();
        DamagedImage image = DamagedImage.OfFixture(directory, "prodcons.snap");
        image.FlipPayloadBit(image.First(SectionType.MemoryChunk));
        RepairReport first = Repair(image);

        string again = directory.File("again.snap");
        RepairReport second = ImageRepairer.Repair(image.Output, again, new RepairOptions());

        Assert.Equal(RepairOutcome.NothingLost, second.Outcome);
        RepairAssertions.AssertSameRecord(first.Record!, second.Record!);
        Assert.Equal(File.ReadAllBytes(image.Output), File.ReadAllBytes(again));
    }

    [Fact]
    public void The_output_must_not_be_the_input_and_a_dry_run_writes_nothing()
    {
        using var directory = new TempDirectory();
        DamagedImage image = DamagedImage.OfFixture(directory, "ckpt.snap");
        image.LoseFooter();
        string path = image.Save();

        Assert.Throws<ArgumentException>(() => ImageRepairer.Repair(path, path, new RepairOptions()));
        Assert.Throws<ArgumentException>(() => ImageRepairer.Repair(path, Path.Combine(directory.Path, ".", "damaged.snap"), new RepairOptions()));
        RepairReport report = ImageRepairer.Repair(path, null, new RepairOptions { DryRun = true });
        Assert.Equal(RepairOutcome.NothingLost, report.Outcome);
        Assert.Null(report.OutputPath);
        Assert.Equal(2, Directory.GetFiles(directory.Path).Length);
        Assert.Equal(image.Bytes, File.ReadAllBytes(path));
    }

    [Fact]
    public void A_file_that_is_no_image_is_refused_with_one_reason()
    {
        using var directory = new TempDirectory();
        string path = directory.File("notes.txt");
        File.WriteAllText(path, "These are notes about images, and not a snapshot image at all; nothing here is framed.\n");

        RepairReport report = ImageRepairer.Repair(path, directory.File("out.snap"), new RepairOptions());

        Assert.Equal(RepairOutcome.Unrepairable, report.Outcome);
        Assert.Equal("header", report.Refusal!.Section);
        Assert.Contains("bad magic", report.Refusal.Reason);
        RepairReport withBuild = ImageRepairer.Repair(path, directory.File("out.snap"), new RepairOptions { Build = "spartan-0.4" });
        Assert.Equal("footer", withBuild.Refusal!.Section);
        Assert.False(File.Exists(directory.File("out.snap")));
    }

    /// <summary>Saves the damaged image, repairs it, and checks that the input was not touched.</summary>
    private static RepairReport Repair(DamagedImage image, RepairOptions? options = null)
    {
        string input = image.Save();
        string before = DamagedImage.Sha256(input);
        RepairReport report = ImageRepairer.Repair(input, image.Output, options ?? new RepairOptions());
        Assert.Equal(before, DamagedImage.Sha256(input));
        Assert.Equal(input, report.InputPath);
        return report;
    }

    /// <summary>Repairs like <see cref="Repair"/> and asserts that the output is marked repaired; returns the report and its record.</summary>
    private static (RepairReport Report, RepairRecord Record) RepairMarked(DamagedImage image, RepairOptions? options = null)
    {
        RepairReport report = Repair(image, options);
        return (report, RepairAssertions.MarkedRepaired(report));
    }

    /// <summary>An image of tasks 1 and 2, made from the two seeds, with the same number of data pages each.</summary>
    private static DamagedImage TwoTaskImage(TempDirectory directory, (int First, int Second) seeds, int dataPages)
    {
        var source = new TestImage();
        source.Tasks.Add(TestTask.Create(1, seeds.First, dataPages));
        source.Tasks.Add(TestTask.Create(2, seeds.Second, dataPages));
        return DamagedImage.Of(directory, source);
    }

    private static List<LostPageRange> PagesOf(IndexEntry chunk, LossEvidence evidence, PageDisposition disposition = PageDisposition.Dropped)
    {
        var ranges = new List<LostPageRange>();
        for (int bit = 0; bit < 64;)
        {
            if ((chunk.PresentBitmap & (1UL << bit)) == 0)
            {
                bit++;
                continue;
            }
            int start = bit;
            while (bit < 64 && (chunk.PresentBitmap & (1UL << bit)) != 0)
                bit++;
            ranges.Add(new LostPageRange(chunk.TaskId, chunk.AreaId, chunk.ChunkIndex * 64UL + (ulong)start, (ulong)(bit - start), disposition, evidence));
        }
        return ranges;
    }

    private static IEnumerable<(uint, ulong, ulong)> Expand(IEnumerable<LostPageRange> ranges) =>
        ranges.SelectMany(r => Enumerable.Range(0, (int)r.PageCount).Select(i => (r.AreaId, r.FirstPage + (ulong)i, 1UL)));
}
