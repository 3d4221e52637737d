using Snapshot.Format.Tests.Support;
using Snapshot.Testing.Locations;

namespace Snapshot.Format.Tests;

/// <summary>The onSection callback: a one-pass reader reports each section's frame exactly as the index lists it.</summary>
public class ImageStreamReaderReadOnSectionTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 7)]
    [InlineData(3, 64)]
    public void Reports_every_section_as_the_index_lists_it(int seed, int pagesPerChunk)
    {
        using var dir = new TempDirectory();
        var image = new TestImage { Options = new ImageWriterOptions { PagesPerChunk = pagesPerChunk } };
        image.Tasks.Add(TestTask.Create(1, seed, 25));
        image.Tasks.Add(TestTask.Create(2, seed + 100, 5));
        string path = image.WriteFile(dir);

        var reported = new List<IndexEntry>();
        ImageStreamReader.Read(new NonSeekableStream(File.ReadAllBytes(path), maxRead: 333), onSection: reported.Add);

        using ImageReader reader = ImageReader.Open(path);
        Assert.Equal(reader.Index, reported);
    }

    [Theory]
    [InlineData("repaired-prodcons.snap")]
    [InlineData("signed-ckpt.snap")]
    public void Reports_format_1_1_sections_of_the_golden_fixtures(string fixture)
    {
        string path = Fixtures.Path(fixture);

        var reported = new List<IndexEntry>();
        ImageStreamReader.Read(new NonSeekableStream(File.ReadAllBytes(path)), onSection: reported.Add);

        using ImageReader reader = ImageReader.Open(path);
        Assert.Equal(reader.Index, reported);
        Assert.Contains(reported, entry => entry.Type is SectionType.Repair or SectionType.Signature);
    }

    [Fact]
    public void Reports_sections_in_stream_order_before_the_index_is_read()
    {
        byte[] image = TestImage.Small().Write();
        var offsets = new List<long>();
        int chunksWhenReported = -1;
        int chunks = 0;

        ImageStreamReader.Read(new NonSeekableStream(image), _ => chunks++, entry =>
        {
            offsets.Add(entry.Offset);
            if (entry.Type == SectionType.MemoryChunk && chunksWhenReported < 0)
                chunksWhenReported = chunks;
        });

        Assert.Equal(offsets.Order(), offsets);
        Assert.Equal(ImageBytes.SectionOffset(image, SectionType.Checkpoint), offsets[0]);
        Assert.Equal(1, chunksWhenReported); // a chunk's frame is reported after the chunk itself was decoded
    }

    [Fact]
    public void A_damaged_section_is_never_reported()
    {
        byte[] image = TestImage.Small().Write();
        long chunk = ImageBytes.SectionOffset(image, SectionType.MemoryChunk);
        image[chunk + 32 + 70] ^= 0x10;
        var reported = new List<IndexEntry>();

        Assert.Throws<SnapshotFormatException>(() => ImageStreamReader.Read(new NonSeekableStream(image), onSection: reported.Add));

        Assert.DoesNotContain(reported, entry => entry.Offset == chunk);
        Assert.NotEmpty(reported);
    }
}
