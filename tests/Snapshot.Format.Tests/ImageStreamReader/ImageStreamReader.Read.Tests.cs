using Snapshot.Format.Tests.Support;

namespace Snapshot.Format.Tests;

public class ImageStreamReaderReadTests
{
    /// <summary>A pipe cannot give a reference's pages (the target is behind it), so these images store every chunk.</summary>
    [Theory]
    [InlineData(1, 1, "1.3")]
    [InlineData(2, 7, "1.3")]
    [InlineData(3, 64, "1.3")]
    [InlineData(4, 7, "1.2")]
    public void Streaming_reads_what_random_access_reads(int seed, int pagesPerChunk, string compatibility)
    {
        using var dir = new TempDirectory();
        var image = new TestImage
        {
            KilledAfter = true,
            Options = new ImageWriterOptions { PagesPerChunk = pagesPerChunk, Deduplicate = false, Compatibility = FormatVersion.Parse(compatibility) },
        };
        image.Tasks.Add(TestTask.Create(1, seed, 25));
        image.Tasks.Add(TestTask.Create(2, seed + 100, 5));
        string path = image.WriteFile(dir);
        byte[] bytes = File.ReadAllBytes(path);

        var streamedChunks = new List<MemoryChunk>();
        ImageMetadata streamed = ImageStreamReader.Read(new NonSeekableStream(bytes, maxRead: 333), streamedChunks.Add);

        using ImageReader reader = ImageReader.Open(path);
        ImageMetadata random = reader.ReadMetadata();
        Assert.Equal(Describe(random), Describe(streamed));
        Assert.True(streamed.Checkpoint.KilledAfter);
        MemoryChunk[] chunks = [.. reader.Index.Where(e => e.Type == SectionType.MemoryChunk).Select(e => reader.ReadChunk(e))];
        Assert.Equal(chunks.Length, streamedChunks.Count);
        for (int i = 0; i < chunks.Length; i++)
        {
            Assert.Equal((chunks[i].TaskId, chunks[i].AreaId, chunks[i].ChunkIndex, chunks[i].PresentBitmap, chunks[i].ContentHash),
                (streamedChunks[i].TaskId, streamedChunks[i].AreaId, streamedChunks[i].ChunkIndex, streamedChunks[i].PresentBitmap, streamedChunks[i].ContentHash));
            Assert.True(chunks[i].Data.Span.SequenceEqual(streamedChunks[i].Data.Span));
        }
    }

    [Fact]
    public void Data_after_the_footer_is_refused()
    {
        byte[] image = [.. TestImage.Small().Write(), 0];
        var e = Assert.Throws<SnapshotFormatException>(() => ImageStreamReader.Read(new NonSeekableStream(image)));
        Assert.Contains("after the footer", e.Reason);
    }

    [Fact]
    public void Without_a_callback_chunks_are_still_CRC_checked()
    {
        byte[] image = TestImage.Small().Write();
        long chunk = ImageBytes.SectionOffset(image, SectionType.MemoryChunk);
        image[chunk + 32 + 70] ^= 0x10;
        var e = Assert.Throws<SnapshotFormatException>(() => ImageStreamReader.Read(new NonSeekableStream(image)));
        Assert.Equal("MEMCHUNK", e.Section);
        Assert.Equal(chunk, e.Offset);
    }

    [Fact]
    public void A_section_over_the_limit_is_refused_before_its_bytes_are_awaited()
    {
        byte[] image = TestImage.Small().Write();
        long chunk = ImageBytes.SectionOffset(image, SectionType.MemoryChunk);
        ImageBytes.RewriteSectionHeader(image, chunk, h => h with { PayloadLength = 1L << 30 });
        // The pipe has nothing after the section header: reading on would wait forever.
        var pipe = new NonSeekableStream(image[..(int)(chunk + 32)], maxRead: 64, failAtEnd: true);

        var e = Assert.Throws<SnapshotFormatException>(() => ImageStreamReader.Read(pipe));
        Assert.Equal("MEMCHUNK", e.Section);
        Assert.Equal(chunk, e.Offset);
        Assert.Contains("exceeds the limit", e.Reason);
    }

    /// <summary>A text rendering of everything in the metadata (records hold blobs, which compare by reference).</summary>
    private static string Describe(ImageMetadata metadata)
    {
        var lines = new List<string> { metadata.Header.Build.Display, string.Join(",", metadata.Checkpoint.TaskIds) };
        foreach (TaskMetadata task in metadata.Tasks)
        {
            lines.Add($"{task.Task.TaskId} {task.Task.Name} {task.Task.ProgramName} {task.Task.ProgramHash} {Convert.ToHexString(task.Task.KernelTask.Span)}");
            lines.AddRange(task.Areas.Select(a => a.ToString()));
            lines.AddRange(task.Threads.Select(t => $"{t.TaskId} {t.ThreadId} {Convert.ToHexString(t.KernelThread.Span)} {Convert.ToHexString(t.KernelStack.Span)}"));
        }
        return string.Join("\n", lines);
    }
}
