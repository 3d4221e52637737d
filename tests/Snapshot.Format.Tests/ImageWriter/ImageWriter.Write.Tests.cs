using Snapshot.Format.Tests.Support;

namespace Snapshot.Format.Tests;

public class ImageWriterWriteTests
{
    [Fact]
    public void Same_input_gives_the_same_bytes()
    {
        byte[] first = TestImage.Small(seed: 9, dataPages: 40).Write();
        byte[] second = TestImage.Small(seed: 9, dataPages: 40).Write();
        Assert.Equal(first, second);
        Assert.NotEqual(first, TestImage.Small(seed: 10, dataPages: 40).Write());
    }

    [Fact]
    public void Every_section_starts_8_aligned_and_the_footer_ends_the_file()
    {
        byte[] image = TestImage.Small(seed: 2, dataPages: 12).Write();
        Assert.Equal(0, ImageBytes.HeaderLength(image) % 8);
        var sections = ImageBytes.Sections(image);
        Assert.All(sections, s => Assert.Equal(0, s.Offset % 8));
        Assert.Equal(SectionType.Index, sections[^1].Header.Type);
        Assert.Equal(image.Length - 32, sections[^1].Offset + sections[^1].Header.TotalLength);
        Assert.Equal("SNPFOOT\0"u8.ToArray(), image[^32..^24]);
    }

    [Fact]
    public void All_zero_pages_are_elided_and_a_chunk_of_only_zero_pages_is_not_written()
    {
        using var dir = new TempDirectory();
        var image = TestImage.Small();
        var zero = new byte[TestImage.PageSize];
        var data = new byte[TestImage.PageSize];
        data[100] = 1;
        image.Tasks[0].Pages[2] = [new(0, zero), new(1, data), new(2, zero), new(64, zero), new(65, zero)];
        string path = image.WriteFile(dir);

        using ImageReader reader = ImageReader.Open(path);
        IndexEntry chunk = Assert.Single(reader.Index, e => e.Type == SectionType.MemoryChunk && e.AreaId == 2);
        Assert.Equal(0u, chunk.ChunkIndex);
        Assert.Equal(0b10UL, chunk.PresentBitmap);
        Assert.Equal(1, chunk.PresentPages);
        PageData page = Assert.Single(reader.ReadChunk(chunk).Pages());
        Assert.Equal(1UL, page.PageIndex);
        Assert.Equal(data, page.Bytes.ToArray());
    }

    [Fact]
    public void Compressible_pages_are_stored_zstd_and_random_pages_raw()
    {
        using var dir = new TempDirectory();
        var image = TestImage.Small();
        var random = new Random(5);
        image.Tasks[0].Pages[2] = [TestTask.Page(0, random, compressible: true), TestTask.Page(64, random, compressible: false)];
        string path = image.WriteFile(dir);

        using ImageReader reader = ImageReader.Open(path);
        MemoryChunk[] chunks = [.. reader.ReadChunks(1, 2)];
        Assert.Equal(2, chunks.Length);
        Assert.Equal(ChunkCodec.Zstd, chunks[0].Codec);
        Assert.True(chunks[0].StoredLength < TestImage.PageSize);
        Assert.Equal(ChunkCodec.Raw, chunks[1].Codec);
        Assert.Equal(TestImage.PageSize, chunks[1].StoredLength);
        Assert.Equal(chunks[1].StoredLength, reader.Index.Single(e => e.AreaId == 2 && e.ChunkIndex == 1).StoredLength);
        Assert.Equal(64UL, chunks[1].Pages().Single().PageIndex);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(64)]
    public void Pages_round_trip_for_any_chunk_geometry(int pagesPerChunk)
    {
        using var dir = new TempDirectory();
        var image = new TestImage { Options = new ImageWriterOptions { PagesPerChunk = pagesPerChunk, CompressionLevel = 1 } };
        image.Tasks.Add(TestTask.Create(4, seed: pagesPerChunk, dataPages: 30));
        string path = image.WriteFile(dir);

        using ImageReader reader = ImageReader.Open(path);
        Assert.Equal(pagesPerChunk, reader.PagesPerChunk);
        var expected = image.Tasks[0].Pages[2].Where(p => p.Bytes.Span.ContainsAnyExcept((byte)0)).ToList();
        var actual = reader.ReadChunks(4, 2).SelectMany(c => c.Pages()).ToList();
        Assert.Equal(expected.Select(p => p.PageIndex), actual.Select(p => p.PageIndex));
        Assert.All(expected.Zip(actual), pair => Assert.True(pair.First.Bytes.Span.SequenceEqual(pair.Second.Bytes.Span)));
    }

    [Fact]
    public void Pages_must_ascend_fit_the_area_and_be_one_page_long()
    {
        var area = new AreaRecord(1, 0, 0x4000, AreaFlags.Read, AreaKind.Data, AreaBacking.Anonymous, "a");
        var page = new byte[TestImage.PageSize];
        page[0] = 1;
        Assert.Throws<ArgumentException>(() => WriteArea(area, [new(1, page), new(1, page)]));
        Assert.Throws<ArgumentException>(() => WriteArea(area, [new(2, page), new(1, page)]));
        Assert.Throws<ArgumentException>(() => WriteArea(area, [new(4, page)]));
        Assert.Throws<ArgumentException>(() => WriteArea(area, [new(0, new byte[100])]));
    }

    [Fact]
    public void Sections_must_come_in_order()
    {
        using var stream = new MemoryStream();
        using ImageWriter writer = ImageWriter.Create(stream, TestImage.Profile.Stamp);
        Assert.Throws<InvalidOperationException>(() => writer.WriteTask(TestTask.Create(1, 1, 1).Task));
        writer.WriteCheckpoint(new CheckpointRecord([1], false));
        Assert.Throws<InvalidOperationException>(() => writer.WriteCheckpoint(new CheckpointRecord([1], false)));
        Assert.Throws<InvalidOperationException>(() => writer.WriteAreas(1, []));
        writer.Complete();
        Assert.Throws<InvalidOperationException>(() => writer.Complete());
    }

    [Fact]
    public void Areas_and_their_memory_are_written_once()
    {
        using var stream = new MemoryStream();
        using ImageWriter writer = ImageWriter.Create(stream, TestImage.Profile.Stamp);
        TestTask task = TestTask.Create(1, 1, 1);
        writer.WriteCheckpoint(new CheckpointRecord([1], false));
        writer.WriteTask(task.Task);
        Assert.Throws<ArgumentException>(() => writer.WriteAreas(1, [task.Areas[0], task.Areas[0]]));
        writer.WriteAreas(1, task.Areas);
        Assert.Throws<InvalidOperationException>(() => writer.WriteAreas(1, task.Areas));
        writer.WriteAreaMemory(1, task.Areas[0], []);
        Assert.Throws<InvalidOperationException>(() => writer.WriteAreaMemory(1, task.Areas[0], []));
        Assert.Throws<InvalidOperationException>(() => writer.WriteAreaMemory(1, task.Areas[0] with { AreaId = 9 }, []));
    }

    [Fact]
    public void An_image_disposed_without_Complete_has_no_footer_and_is_refused()
    {
        using var dir = new TempDirectory();
        string path = dir.File("unfinished.snap");
        using (FileStream stream = File.Create(path))
        {
            using ImageWriter writer = ImageWriter.Create(stream, TestImage.Profile.Stamp);
            writer.WriteCheckpoint(new CheckpointRecord([], false));
        }
        var e = Assert.Throws<SnapshotFormatException>(() => ImageReader.Open(path));
        Assert.Equal("footer", e.Section);
    }

    [Fact]
    public void Options_are_checked()
    {
        using var stream = new MemoryStream();
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageWriter.Create(stream, TestImage.Profile.Stamp, new ImageWriterOptions { PagesPerChunk = 65 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageWriter.Create(stream, TestImage.Profile.Stamp, new ImageWriterOptions { CompressionLevel = 0 }));
        Assert.Throws<ArgumentException>(() => ImageWriter.Create(stream, TestImage.Profile.Stamp with { PageSize = 1000 }));
    }

    private static void WriteArea(AreaRecord area, PageData[] pages)
    {
        using var stream = new MemoryStream();
        using ImageWriter writer = ImageWriter.Create(stream, TestImage.Profile.Stamp);
        writer.WriteCheckpoint(new CheckpointRecord([1], false));
        writer.WriteTask(TestTask.Create(1, 1, 1).Task);
        writer.WriteAreas(1, [area]);
        writer.WriteAreaMemory(1, area, pages);
    }
}
