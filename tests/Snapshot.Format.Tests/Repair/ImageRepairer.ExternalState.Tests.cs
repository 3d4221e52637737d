using System.Buffers.Binary;
using Snapshot.Format.Layout;
using Snapshot.Format.Repair;
using Snapshot.Format.Sections;
using Snapshot.Format.Tests.Support;
using Snapshot.Format.Validation;

namespace Snapshot.Format.Tests.Repair;

/// <summary>
/// snaprepair and a checkpoint set's external state: kept whole when intact, the image refused (naming the section)
/// when any of it, or any task it ties together, would be lost.
/// </summary>
public class ImageRepairerExternalStateTests
{
    [Fact]
    public void An_intact_set_with_a_lost_index_is_written_again_byte_for_byte()
    {
        using var directory = new TempDirectory();
        DamagedImage image = DamagedImage.Of(directory, ExternalSetImage.Create().Write());
        image.LoseIndex();

        RepairReport report = ImageRepairer.Repair(image.Save(), image.Output, new RepairOptions());

        RepairAssertions.WroteTheOriginalAgain(image, report);
    }

    [Fact]
    public void A_lost_memory_chunk_keeps_the_external_state_and_marks_the_image()
    {
        using var directory = new TempDirectory();
        DamagedImage image = DamagedImage.Of(directory, ExternalSetImage.Create().Write(new ImageWriterOptions { Compatibility = FormatVersion.V1_2 }));
        IndexEntry chunk = image.First(SectionType.MemoryChunk);
        image.FlipPayloadBit(chunk);

        RepairReport report = ImageRepairer.Repair(image.Save(), image.Output, new RepairOptions());

        Assert.Equal(RepairOutcome.Repaired, report.Outcome);
        using ImageReader reader = ImageReader.Open(image.Output);
        Assert.Equal(new FormatVersion(1, 2), reader.Header.Version);
        Assert.Equal(Features.IncompatZstd | Features.IncompatRepaired | Features.IncompatExternalState, reader.Header.Features.Incompatible);
        ExternalStateRoundTripTests.AssertSameExternalState(ExternalSetImage.Create().External, reader.ReadMetadata().External);
        ValidationReport validation = ImageValidator.Validate(image.Output);
        Assert.True(validation.IsValid, string.Join("\n", validation.Problems));
        RepairAssertions.RecoveredEverythingBut(image, image.Output, chunk.Offset);
    }

    [Theory]
    [InlineData(SectionType.Cooperation)]
    [InlineData(SectionType.SharedAreas)]
    [InlineData(SectionType.Calls)]
    [InlineData(SectionType.TaskIpc)]
    [InlineData(SectionType.Files)]
    public void A_damaged_external_state_section_makes_the_set_unrepairable_naming_it(SectionType type)
    {
        using var directory = new TempDirectory();
        DamagedImage image = DamagedImage.Of(directory, ExternalSetImage.Create().Write());
        IndexEntry section = image.First(type);
        image.FlipPayloadBit(section);

        RepairReport report = ImageRepairer.Repair(image.Save(), image.Output, new RepairOptions());

        Assert.Equal(RepairOutcome.Unrepairable, report.Outcome);
        Assert.Equal(SectionNames.Of(type), report.Refusal!.Section);
        Assert.Equal(section.Offset, report.Refusal.Offset);
        Assert.Contains("cannot be restored without all of it", report.Refusal.Reason);
        Assert.False(File.Exists(image.Output));
    }

    [Fact]
    public void A_task_that_would_be_dropped_makes_the_set_unrepairable()
    {
        using var directory = new TempDirectory();
        DamagedImage image = DamagedImage.Of(directory, ExternalSetImage.Create().Write());
        IndexEntry thread = image.Sections.Last(s => s.Type == SectionType.Thread);
        image.FlipPayloadBit(thread);

        RepairReport report = ImageRepairer.Repair(image.Save(), image.Output, new RepairOptions());

        Assert.Equal(RepairOutcome.Unrepairable, report.Outcome);
        Assert.Equal("TASK", report.Refusal!.Section);
        Assert.Contains($"task {ExternalSetImage.Server} would be dropped", report.Refusal.Reason);
    }

    [Fact]
    public void Unreadable_bytes_without_a_readable_index_are_refused_for_a_set()
    {
        using var directory = new TempDirectory();
        DamagedImage image = DamagedImage.Of(directory, ExternalSetImage.Create().Write());
        IndexEntry chunk = image.Sections.Last(s => s.Type == SectionType.MemoryChunk);
        image.FlipFrameBit(chunk);
        image.LoseIndex();

        RepairReport report = ImageRepairer.Repair(image.Save(), image.Output, new RepairOptions());

        Assert.Equal(RepairOutcome.Unrepairable, report.Outcome);
        Assert.Contains("may have held external state", report.Refusal!.Reason);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_shared_area_in_an_image_without_external_state_is_refused_naming_its_areas(bool loseIndex)
    {
        // Found by the upgrade fuzz target: snaprepair crashed (exit 70) writing such an area.
        using var directory = new TempDirectory();
        byte[] bytes = TestImage.Small().Write();
        long areas = ImageBytes.SectionOffset(bytes, SectionType.Areas);
        const int FirstBacking = 8 + 4 + 4 + 8 + 8 + 4 + 1; // task id, count, then area id, base, size, flags, kind
        bytes[areas + SectionLayout.HeaderLength + FirstBacking] = (byte)AreaBacking.Shared;
        ImageBytes.ResealPayload(bytes, areas);
        uint crc = SectionHeader.Parse(bytes.AsSpan((int)areas), areas).PayloadCrc;
        ImageBytes.PatchIndexEntry(bytes, ImageBytes.IndexEntryOf(bytes, SectionType.Areas),
            entry => BinaryPrimitives.WriteUInt32LittleEndian(entry[IndexLayout.PayloadCrcOffset..], crc));
        DamagedImage image = DamagedImage.Of(directory, bytes);
        if (loseIndex)
            image.LoseIndex();

        RepairReport report = ImageRepairer.Repair(image.Save(), image.Output, new RepairOptions());

        Assert.Equal(RepairOutcome.Unrepairable, report.Outcome);
        Assert.Equal("AREAS", report.Refusal!.Section);
        Assert.Equal(areas, report.Refusal.Offset);
        Assert.Contains("is shared, but the image has no external state", report.Refusal.Reason);
        Assert.False(File.Exists(image.Output));
    }
}
