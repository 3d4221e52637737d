using Snapshot.Format.Kernels;
using Snapshot.Format.Tests.Support;
using Snapshot.Format.Upgrade;

namespace Snapshot.Format.Tests.ChunkFormat;

public class ImageUpgraderChunkReferenceTests
{
    [Fact]
    public void An_upgrade_keeps_version_2_chunks_and_references_and_the_way_back_gives_the_original_bytes()
    {
        using var dir = new TempDirectory();
        TestImage image = DuplicateImage.Create();
        string input = image.WriteFile(dir, "in.snap");

        ImageUpgrader.Upgrade(input, dir.File("up.snap"), new UpgradeOptions { Target = KernelBuildCatalog.Find("spartan-0.5")! });

        using (ImageReader reader = ImageReader.Open(dir.File("up.snap")))
        {
            Assert.Equal(FormatVersion.V1_3, reader.Header.Version);
            Assert.Equal(2, reader.Index.Count(e => e.Type == SectionType.ChunkReference));
            Assert.All(reader.Index.Where(e => e.Type == SectionType.MemoryChunk), e => Assert.Equal(2, e.Version));
            var expected = DuplicateImage.Pages(image);
            foreach (uint area in new uint[] { 1, 2, 3 })
                Assert.Equal(expected[area], DuplicateImage.Read(reader.ReadChunks(1, area)));
        }
        ImageUpgrader.Upgrade(dir.File("up.snap"), dir.File("back.snap"), new UpgradeOptions { Target = TestImage.Profile });
        Assert.Equal(ChunkSections(input), ChunkSections(dir.File("back.snap")));
    }

    [Fact]
    public void A_broken_reference_is_refused_rather_than_carried_over()
    {
        using var dir = new TempDirectory();
        byte[] image = DuplicateImage.Create().Write();
        var sections = ImageBytes.Sections(image);
        long reference = sections.First(s => s.Header.Type == SectionType.ChunkReference).Offset;
        long task = sections.First(s => s.Header.Type == SectionType.Task).Offset;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(image.AsSpan((int)reference + 32 + 64), (ulong)task);
        ImageBytes.ResealPayload(image, reference);
        uint crc = Snapshot.Format.Sections.SectionHeader.Parse(image.AsSpan((int)reference), reference).PayloadCrc;
        ImageBytes.PatchIndexEntry(image, sections.FindIndex(s => s.Offset == reference),
            e => System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(e[24..], crc));
        File.WriteAllBytes(dir.File("in.snap"), image);

        var e = Assert.Throws<SnapshotFormatException>(() =>
            ImageUpgrader.Upgrade(dir.File("in.snap"), dir.File("up.snap"), new UpgradeOptions { Target = KernelBuildCatalog.Find("spartan-0.5")! }));
        Assert.Equal(reference, e.Offset);
        Assert.False(File.Exists(dir.File("up.snap")));
    }

    /// <summary>Every chunk section as stored, apart from where it lies: a round trip through another build keeps them all.</summary>
    private static List<string> ChunkSections(string path)
    {
        using ImageReader reader = ImageReader.Open(path);
        return [.. reader.Index.Where(e => e.IsChunk).Select(e => e.Type == SectionType.MemoryChunk
            ? $"MEMCHUNK v{e.Version} {e.TaskId}/{e.AreaId}/{e.ChunkIndex} {e.PresentBitmap:x} {e.ContentHash} crc {e.PayloadCrc:x8}"
            : $"CHUNKREF {e.TaskId}/{e.AreaId}/{e.ChunkIndex} {e.PresentBitmap:x} {e.ContentHash} -> {reader.ReadChunk(e).ContentHash}")];
    }

    [Fact]
    public void An_upgrade_to_a_format_before_1_3_is_blocked_by_the_chunk_encoding()
    {
        using var dir = new TempDirectory();
        string input = DuplicateImage.Create().WriteFile(dir, "in.snap");

        UpgradePlan plan = ImageUpgrader.Plan(input, new UpgradeOptions { Target = KernelBuildCatalog.Find("spartan-0.5")!, MaxFormatVersion = FormatVersion.V1_2 });

        UpgradeBlocker blocker = Assert.Single(plan.Blockers);
        Assert.Equal(UpgradeFeatures.ChunkReferences, blocker.Feature);
    }
}
