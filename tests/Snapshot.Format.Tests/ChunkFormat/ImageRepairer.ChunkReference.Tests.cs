using Snapshot.Format.Repair;
using Snapshot.Format.Tests.Repair;
using Snapshot.Format.Tests.Support;

namespace Snapshot.Format.Tests.ChunkFormat;

public class ImageRepairerChunkReferenceTests
{
    [Fact]
    public void A_lost_index_loses_nothing_and_the_references_come_back_as_they_were()
    {
        using var directory = new TempDirectory();
        DamagedImage image = DamagedImage.Of(directory, DuplicateImage.Create());
        image.LoseIndex();

        RepairReport report = ImageRepairer.Repair(image.Save(), image.Output, new RepairOptions());

        Assert.True(report.NothingLost);
        Assert.Equal(ChunkSections(image.OriginalPath), ChunkSections(image.Output));
    }

    /// <summary>Every chunk section as stored, and what each reads as.</summary>
    private static List<string> ChunkSections(string path)
    {
        using ImageReader reader = ImageReader.Open(path);
        return [.. reader.Index.Where(e => e.IsChunk).Select(e =>
            $"{e.SectionName} v{e.Version} {e.Offset:x} {e.AreaId}/{e.ChunkIndex} {e.PresentBitmap:x} crc {e.PayloadCrc:x8} -> {Hash256.Compute(reader.ReadChunk(e).Data.Span)}")];
    }

    [Fact]
    public void A_reference_whose_target_was_damaged_loses_its_pages_with_the_target()
    {
        using var directory = new TempDirectory();
        TestImage written = DuplicateImage.Create();
        DamagedImage image = DamagedImage.Of(directory, written);
        IndexEntry target = image.Sections.First(s => s.Type == SectionType.MemoryChunk && s.AreaId == 2 && s.ChunkIndex == 0);
        image.FlipPayloadBit(target);

        RepairReport report = ImageRepairer.Repair(image.Save(), image.Output, new RepairOptions());

        // The target (area 2, pages 0..3) and both references to it (area 2 pages 8..11, area 3 pages 8..11).
        Assert.Equal([(2u, 0UL, 4UL), (2u, 8UL, 4UL), (3u, 8UL, 4UL)],
            report.Lost.Pages.Select(p => (p.AreaId, p.FirstPage, p.PageCount)).OrderBy(p => p.AreaId).ThenBy(p => p.FirstPage));
        using ImageReader reader = ImageReader.Open(image.Output);
        Assert.DoesNotContain(reader.Index, e => e.Type == SectionType.ChunkReference);
        var expected = DuplicateImage.Pages(written);
        Assert.Equal(expected[2].Where(p => p.PageIndex is not (< 4 or (>= 8 and < 12))), DuplicateImage.Read(reader.ReadChunks(1, 2)));
        Assert.Equal(expected[1], DuplicateImage.Read(reader.ReadChunks(1, 1)));
    }

    [Fact]
    public void A_damaged_reference_loses_only_its_own_pages()
    {
        using var directory = new TempDirectory();
        TestImage written = DuplicateImage.Create();
        DamagedImage image = DamagedImage.Of(directory, written);
        IndexEntry reference = image.Sections.First(s => s.Type == SectionType.ChunkReference && s.AreaId == 3);
        image.FlipPayloadBit(reference);

        RepairReport report = ImageRepairer.Repair(image.Save(), image.Output, new RepairOptions());

        LostPageRange lost = Assert.Single(report.Lost.Pages);
        Assert.Equal((3u, 8UL, 4UL), (lost.AreaId, lost.FirstPage, lost.PageCount));
        using ImageReader reader = ImageReader.Open(image.Output);
        Assert.Equal(FormatVersion.V1_3, reader.Header.Version);
        Assert.Equal(DuplicateImage.Pages(written)[2], DuplicateImage.Read(reader.ReadChunks(1, 2)));
        Assert.Empty(DuplicateImage.Read(reader.ReadChunks(1, 3)));
    }
}
