using Snapshot.Format.Repair;
using Snapshot.Format.Validation;

namespace Snapshot.Format.Tests.Repair;

/// <summary>Checks a repair's output against the good image it came from, section by section.</summary>
internal static class RepairAssertions
{
    /// <summary>
    /// Every section of the good image except <paramref name="lost"/> (offsets in the good image) is in the output
    /// with the same type and the same payload bytes, and the output holds nothing else but a REPAIR section.
    /// </summary>
    public static void RecoveredEverythingBut(DamagedImage image, string output, params long[] lost)
    {
        using ImageReader repaired = ImageReader.Open(output);
        // A SUMMARY (format 1.3) is derived from the rest: a repair that lost something writes a fresh one, or none when
        // the damage took the old one, so it is compared by snapcheck's consistency check, not byte for byte here.
        List<IndexEntry> expected = [.. image.Sections.Where(e => !lost.Contains(e.Offset) && e.Type != SectionType.Summary)];
        // A lost CHECKPOINT comes back rebuilt, with other bytes; it is checked by the tests that lose it.
        bool checkpointRebuilt = !expected.Any(e => e.Type == SectionType.Checkpoint);
        List<IndexEntry> written = [.. repaired.Index.Where(e => e.Type is not (SectionType.Repair or SectionType.Summary)
            && !(checkpointRebuilt && e.Type == SectionType.Checkpoint))];
        Assert.True(ImageValidator.Validate(output).IsValid, "the repaired image (and its summary, if any) does not validate");
        Assert.Equal(expected.Select(Describe), written.Select(Describe));
        for (int i = 0; i < expected.Count; i++)
            Assert.True(Payload(image.Original, expected[i]).SequenceEqual(Payload(File.ReadAllBytes(output), written[i])),
                $"{expected[i].SectionName} at 0x{expected[i].Offset:x} was not carried over byte for byte");
    }

    /// <summary>A repair that lost nothing of a canonically written image writes that image again, byte for byte.</summary>
    public static void WroteTheOriginalAgain(DamagedImage image, RepairReport report)
    {
        Assert.Equal(RepairOutcome.NothingLost, report.Outcome);
        Assert.True(report.NothingLost);
        Assert.Null(report.Record);
        Assert.Equal(image.Original, File.ReadAllBytes(image.Output));
    }

    /// <summary>The output opens, validates, and carries the bit and the record the report says.</summary>
    public static RepairRecord MarkedRepaired(RepairReport report)
    {
        Assert.Equal(RepairOutcome.Repaired, report.Outcome);
        Assert.NotNull(report.Record);
        using ImageReader reader = ImageReader.Open(report.OutputPath!);
        // 1.1 for the repaired bit, or the newer minor the kept content needs (a 1.3 image's chunks).
        Assert.True(reader.Header.Version >= FormatVersion.V1_1);
        Assert.Equal(FormatVersion.For(reader.Header.Features), reader.Header.Version);
        Assert.NotEqual(0UL, reader.Header.Features.Incompatible & Features.IncompatRepaired);
        Assert.Equal("repaired", reader.Header.DescribeFeature(FeatureKind.Incompatible, 1));
        RepairRecord record = reader.ReadMetadata().Repair!;
        AssertSameRecord(report.Record!, record);
        Assert.True(Validation.ImageValidator.Validate(report.OutputPath!).IsValid);
        return record;
    }

    public static void AssertSameRecord(RepairRecord expected, RepairRecord actual)
    {
        Assert.Equal(expected.Sections, actual.Sections);
        Assert.Equal(expected.Tasks, actual.Tasks);
        Assert.Equal(expected.Pages, actual.Pages);
    }

    private static string Describe(IndexEntry e) =>
        $"{e.SectionName} v{e.Version} {e.PayloadLength} {e.PayloadCrc:x8} task {e.TaskId} area {e.AreaId} chunk {e.ChunkIndex} {e.PresentBitmap:x}";

    private static ReadOnlySpan<byte> Payload(byte[] file, IndexEntry e) => file.AsSpan((int)e.Offset + 32, (int)e.PayloadLength);
}
