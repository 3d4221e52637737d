using Snapshot.Format.Tests.Support;

namespace Snapshot.Format.Tests;

public class ImageReaderReadChunkTests
{
    /// <summary>
    /// Property: for random areas, page patterns (sparse and dense, zero, random and compressible pages)
    /// and chunk geometries, every reader returns exactly the non-zero pages that were written.
    /// </summary>
    [Theory]
    [MemberData(nameof(Seeds))]
    public void Random_page_patterns_round_trip_through_both_readers(int seed)
    {
        using var dir = new TempDirectory();
        var random = new Random(seed);
        int pagesPerChunk = random.Next(1, 65);
        var image = new TestImage { Options = new ImageWriterOptions { PagesPerChunk = pagesPerChunk, CompressionLevel = 1 } };
        TestTask task = TestTask.Create(1, seed, dataPages: 1);
        int areaPages = (int)(task.Areas[1].Size / TestImage.PageSize);
        double density = random.NextDouble() switch { < 0.3 => 0.01, < 0.6 => 0.2, _ => 0.9 };
        task.Pages[2] = [.. Enumerable.Range(0, areaPages).Where(_ => random.NextDouble() < density).Select(i => (ulong)i)
            .Select(i => random.Next(5) switch
            {
                0 => new PageData(i, new byte[TestImage.PageSize]),
                1 => TestTask.Page(i, random, compressible: false),
                _ => TestTask.Page(i, random),
            })];
        image.Tasks.Add(task);
        string path = image.WriteFile(dir);

        var expected = task.Pages.ToDictionary(p => p.Key, p => p.Value.Where(page => page.Bytes.Span.ContainsAnyExcept((byte)0)).ToList());
        using ImageReader reader = ImageReader.Open(path);
        foreach (AreaRecord area in task.Areas)
            AssertPages(expected[area.AreaId], reader.ReadChunks(1, area.AreaId));

        // Repeated pages make references: a seekable stream reads their targets again.
        var streamed = new List<MemoryChunk>();
        ImageStreamReader.Read(new MemoryStream(File.ReadAllBytes(path)), streamed.Add);
        foreach (AreaRecord area in task.Areas)
            AssertPages(expected[area.AreaId], streamed.Where(c => c.AreaId == area.AreaId));
    }

    public static TheoryData<int> Seeds()
    {
        var data = new TheoryData<int>();
        for (int seed = 100; seed < 112; seed++)
            data.Add(seed);
        return data;
    }

    [Fact]
    public void Chunks_can_be_read_concurrently()
    {
        using var dir = new TempDirectory();
        string path = TestImage.Small(seed: 5, dataPages: 200).WriteFile(dir);
        using ImageReader reader = ImageReader.Open(path);
        IndexEntry[] entries = [.. reader.Index.Where(e => e.IsChunk)];
        Hash256[] sequential = [.. entries.Select(e => Hash256.Compute(reader.ReadChunk(e).Data.Span))];

        var parallel = new Hash256[entries.Length * 8];
        Parallel.For(0, parallel.Length, i => parallel[i] = Hash256.Compute(reader.ReadChunk(entries[i % entries.Length]).Data.Span));

        for (int i = 0; i < parallel.Length; i++)
            Assert.Equal(sequential[i % entries.Length], parallel[i]);
    }

    [Fact]
    public void The_content_hash_is_verified_unless_the_caller_opts_out()
    {
        using var dir = new TempDirectory();
        byte[] image = TestImage.Small().Write();
        // A raw chunk whose data changed, with every CRC resealed: only the content hash can tell.
        var section = ImageBytes.Sections(image).First(s => s.Header.Type == SectionType.MemoryChunk
            && image[s.Offset + 32 + 24] == (byte)ChunkCodec.Raw);
        image[section.Offset + 32 + 68] ^= 0xFF;
        ImageBytes.ResealPayload(image, section.Offset);
        uint crc = Snapshot.Format.Sections.SectionHeader.Parse(image.AsSpan((int)section.Offset), section.Offset).PayloadCrc;
        ImageBytes.PatchIndexEntry(image, ImageBytes.Sections(image).FindIndex(s => s.Offset == section.Offset),
            e => System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(e[24..], crc));
        string path = dir.File("hash.snap");
        File.WriteAllBytes(path, image);

        using ImageReader reader = ImageReader.Open(path);
        IndexEntry entry = reader.Index.Single(e => e.Offset == section.Offset);
        var e = Assert.Throws<SnapshotFormatException>(() => reader.ReadChunk(entry));
        Assert.Contains("content hash mismatch", e.Reason);
        Assert.Equal(ChunkCodec.Raw, reader.ReadChunk(entry, verifyContentHash: false).Codec);
    }

    private static void AssertPages(List<PageData> expected, IEnumerable<MemoryChunk> chunks)
    {
        PageData[] actual = [.. chunks.SelectMany(c => c.Pages())];
        Assert.Equal(expected.Select(p => p.PageIndex), actual.Select(p => p.PageIndex));
        for (int i = 0; i < expected.Count; i++)
            Assert.True(expected[i].Bytes.Span.SequenceEqual(actual[i].Bytes.Span), $"page {expected[i].PageIndex} differs");
    }
}
