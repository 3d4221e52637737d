using Snapshot.Format.Tests.Support;

namespace Snapshot.Format.Tests.ChunkFormat;

public class ImageWriterDeduplicateTests
{
    [Fact]
    public void A_chunk_equal_to_an_earlier_one_becomes_a_reference_and_reads_back_the_same_pages()
    {
        using var dir = new TempDirectory();
        TestImage image = DuplicateImage.Create();
        string path = image.WriteFile(dir);
        using ImageReader reader = ImageReader.Open(path);

        IndexEntry first = reader.Index.Single(e => e.Type == SectionType.MemoryChunk && e.AreaId == 2 && e.ChunkIndex == 0);
        IndexEntry[] references = [.. reader.Index.Where(e => e.Type == SectionType.ChunkReference)];
        Assert.Equal([(2u, 2u), (3u, 2u)], references.Select(e => (e.AreaId, e.ChunkIndex)));
        foreach (IndexEntry entry in references)
        {
            ChunkReference reference = reader.ReadChunkReference(entry);
            Assert.Equal((0u, first.Offset, first.ContentHash), (reference.ImageOrdinal, reference.TargetOffset, reference.ContentHash));
            Assert.Equal(0, entry.StoredLength);
        }

        var expected = DuplicateImage.Pages(image);
        foreach (uint area in new uint[] { 1, 2, 3 })
            Assert.Equal(expected[area], DuplicateImage.Read(reader.ReadChunks(1, area)));
    }

    [Fact]
    public void Without_deduplication_every_chunk_is_stored()
    {
        byte[] deduplicated = DuplicateImage.Create().Write();
        using var dir = new TempDirectory();
        string path = DuplicateImage.Create(new ImageWriterOptions { Deduplicate = false }).WriteFile(dir);
        using ImageReader reader = ImageReader.Open(path);

        Assert.DoesNotContain(reader.Index, e => e.Type == SectionType.ChunkReference);
        Assert.True(new FileInfo(path).Length > deduplicated.Length);
        Assert.Equal(DuplicateImage.Pages(DuplicateImage.Create())[3], DuplicateImage.Read(reader.ReadChunks(1, 3)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_bytes_are_the_same_for_1_2_and_8_threads(bool deduplicate)
    {
        byte[] one = Write(1);
        Assert.Equal(one, Write(2));
        Assert.Equal(one, Write(8));
        Assert.Equal(one, Write(0));

        byte[] Write(int threads)
        {
            var image = DuplicateImage.Create(new ImageWriterOptions { Threads = threads, Deduplicate = deduplicate }, uniquePages: 200);
            image.Tasks.Add(TestTask.Create(2, seed: 11, dataPages: 120));
            return image.Write();
        }
    }

    [Fact]
    public void A_chunk_reference_between_stored_chunks_is_written_in_chunk_order()
    {
        using var dir = new TempDirectory();
        string path = dir.File("refs.snap");
        TestTask task = TestTask.Create(1, seed: 3, dataPages: 0);
        var random = new Random(3);
        PageData[] chunk0 = [TestTask.Page(0, random), TestTask.Page(1, random)];
        using (var file = File.Create(path))
        {
            using ImageWriter writer = StartTask(file, task);
            writer.WriteAreaMemory(1, task.Areas[0], []);
            var target = new List<PageData>(chunk0);
            writer.WriteAreaMemory(1, task.Areas[1], target);
            IndexEntry stored = Assert.Single(Index(writer), e => e.Type == SectionType.MemoryChunk && e.AreaId == 2);
            var reference = new ChunkReference(1, 3, 1, 0b0110, stored.ContentHash, 0, stored.Offset);
            writer.WriteAreaMemory(1, task.Areas[2], [TestTask.Page(0, random), TestTask.Page(12, random)], [reference]);
            writer.Complete();
        }

        using ImageReader reader = ImageReader.Open(path);
        Assert.Equal([(SectionType.MemoryChunk, 0u), (SectionType.ChunkReference, 1u), (SectionType.MemoryChunk, 3u)],
            reader.Index.Where(e => e.IsChunk && e.AreaId == 3).Select(e => (e.Type, e.ChunkIndex)));
        MemoryChunk referenced = reader.ReadChunk(reader.Index.Single(e => e.Type == SectionType.ChunkReference));
        Assert.Equal([5UL, 6UL], referenced.Pages().Select(p => p.PageIndex));
        Assert.Equal(chunk0.Select(p => p.Bytes.ToArray()), referenced.Pages().Select(p => p.Bytes.ToArray()));
    }

    [Fact]
    public void The_writer_refuses_references_that_break_the_rules()
    {
        TestTask task = TestTask.Create(1, seed: 3, dataPages: 0);
        var random = new Random(1);
        using ImageWriter writer = StartTask(new MemoryStream(), task);
        writer.WriteAreaMemory(1, task.Areas[0], [TestTask.Page(0, random), TestTask.Page(1, random)]);
        IndexEntry stored = Index(writer).Single(e => e.Type == SectionType.MemoryChunk);
        IndexEntry taskSection = Index(writer).Single(e => e.Type == SectionType.Task);

        // Not a MEMCHUNK, another hash or page count, a reference into an ancestor of a full image.
        Assert.Throws<ArgumentException>(() => writer.WriteChunkReference(1, 2, 0, 0b11, stored.ContentHash, 0, taskSection.Offset));
        Assert.Throws<ArgumentException>(() => writer.WriteChunkReference(1, 2, 0, 0b11, Hash256.Compute([1]), 0, stored.Offset));
        Assert.Throws<ArgumentException>(() => writer.WriteChunkReference(1, 2, 0, 0b111, stored.ContentHash, 0, stored.Offset));
        Assert.Throws<InvalidOperationException>(() => writer.WriteChunkReference(1, 2, 0, 0b11, stored.ContentHash, 1, stored.Offset));
        // Outside the area (the stack area has 16 pages) and out of chunk order.
        Assert.Throws<ArgumentException>(() => writer.WriteChunkReference(1, 3, 0, 1UL << 20, stored.ContentHash, 0, stored.Offset));
        writer.WriteChunkReference(1, 2, 5, 0b11, stored.ContentHash, 0, stored.Offset);
        Assert.Throws<InvalidOperationException>(() => writer.WriteChunkReference(1, 2, 5, 0b11, stored.ContentHash, 0, stored.Offset));
        // A page in a chunk given as a reference.
        var reference = new ChunkReference(1, 3, 0, 0b11, stored.ContentHash, 0, stored.Offset);
        Assert.Throws<ArgumentException>(() => writer.WriteAreaMemory(1, task.Areas[2], [TestTask.Page(1, random)], [reference]));
    }

    [Fact]
    public void A_writer_below_1_3_refuses_references()
    {
        TestTask task = TestTask.Create(1, seed: 3, dataPages: 0);
        using ImageWriter writer = StartTask(new MemoryStream(), task, FormatVersion.V1_2);
        Assert.Throws<InvalidOperationException>(() => writer.WriteChunkReference(1, 2, 0, 1, Hash256.Compute([1]), 0, 64));
    }

    private static ImageWriter StartTask(Stream stream, TestTask task, FormatVersion? compatibility = null)
    {
        var options = new ImageWriterOptions { PagesPerChunk = 4, Compatibility = compatibility ?? FormatVersion.Current };
        ImageWriter writer = ImageWriter.Create(stream, TestImage.Profile.Stamp, options);
        writer.WriteCheckpoint(new CheckpointRecord([task.Task.TaskId], false));
        writer.WriteTask(task.Task);
        writer.WriteAreas(task.Task.TaskId, task.Areas);
        foreach (ThreadRecord thread in task.Threads)
            writer.WriteThread(thread);
        return writer;
    }

    private static IReadOnlyList<IndexEntry> Index(ImageWriter writer) => writer.WrittenSections;
}
