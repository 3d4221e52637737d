using Snapshot.Format.Tests.Support;

namespace Snapshot.Format.Tests.ChunkFormat;

public class ImageWriterCompatibilityTests
{
    [Fact]
    public void The_default_writes_format_1_3_with_version_2_chunks_and_the_chunk_references_bit()
    {
        using var dir = new TempDirectory();
        string path = TestImage.Small(seed: 4, dataPages: 20).WriteFile(dir);
        using ImageReader reader = ImageReader.Open(path);

        Assert.Equal(FormatVersion.V1_3, reader.Header.Version);
        Assert.NotEqual(0UL, reader.Header.Features.Incompatible & Features.IncompatChunkReferences);
        Assert.Contains(reader.Header.FeatureNames, n => n.Kind == FeatureKind.Incompatible && n.Bit == 3 && n.Name == "chunk-references");
        Assert.All(reader.Index.Where(e => e.Type == SectionType.MemoryChunk), e => Assert.Equal(2, e.Version));
    }

    [Fact]
    public void A_version_2_chunk_carries_each_page_hash_and_hashes_them_into_its_content_hash()
    {
        using var dir = new TempDirectory();
        string path = TestImage.Small(seed: 5, dataPages: 30).WriteFile(dir);
        using ImageReader reader = ImageReader.Open(path);

        foreach (IndexEntry entry in reader.Index.Where(e => e.Type == SectionType.MemoryChunk))
        {
            MemoryChunk chunk = reader.ReadChunk(entry);
            Assert.Equal(2, chunk.Version);
            PageData[] pages = [.. chunk.Pages()];
            Hash256[] expected = [.. pages.Select(p => Hash256.Compute(p.Bytes.Span))];
            Assert.Equal(expected, chunk.PageHashes);
            Assert.Equal(Hash256.Compute([.. expected.SelectMany(Bytes)]), chunk.ContentHash);
            Assert.Equal(entry.PayloadLength - 68 - 32 * pages.Length, entry.StoredLength);
        }
    }

    [Theory]
    [InlineData("1.0", 0)]
    [InlineData("1.1", 0)]
    [InlineData("1.2", 0)]
    public void Below_1_3_the_writer_writes_version_1_chunks_no_references_and_the_lowest_minor(string compatibility, int minor)
    {
        using var dir = new TempDirectory();
        TestImage image = DuplicateImage.Create(new ImageWriterOptions { Compatibility = FormatVersion.Parse(compatibility) });
        string path = image.WriteFile(dir);
        using ImageReader reader = ImageReader.Open(path);

        Assert.Equal(new FormatVersion(1, (ushort)minor), reader.Header.Version);
        Assert.Equal(Features.IncompatZstd, reader.Header.Features.Incompatible);
        Assert.DoesNotContain(reader.Index, e => e.Type == SectionType.ChunkReference);
        Assert.All(reader.Index.Where(e => e.Type == SectionType.MemoryChunk), e => Assert.Equal(1, e.Version));
        MemoryChunk chunk = reader.ReadChunk(reader.Index.First(e => e.Type == SectionType.MemoryChunk));
        Assert.Null(chunk.PageHashes);
        Assert.Equal(Hash256.Compute(chunk.Data.Span), chunk.ContentHash);
    }

    [Fact]
    public void Compatibility_1_0_1_1_and_1_2_write_the_same_bytes()
    {
        byte[] v10 = DuplicateImage.Create(new ImageWriterOptions { Compatibility = FormatVersion.V1_0 }).Write();
        Assert.Equal(v10, DuplicateImage.Create(new ImageWriterOptions { Compatibility = FormatVersion.V1_1 }).Write());
        Assert.Equal(v10, DuplicateImage.Create(new ImageWriterOptions { Compatibility = FormatVersion.V1_2 }).Write());
    }

    [Fact]
    public void A_level_that_cannot_hold_what_the_options_ask_for_is_refused()
    {
        var stamp = TestImage.Profile.Stamp;
        Assert.Throws<ArgumentException>(() => ImageWriter.Create(new MemoryStream(), stamp,
            new ImageWriterOptions { Compatibility = FormatVersion.V1_1, HasExternalState = true }));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageWriter.Create(new MemoryStream(), stamp,
            new ImageWriterOptions { Compatibility = new FormatVersion(1, 4) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageWriter.Create(new MemoryStream(), stamp,
            new ImageWriterOptions { Compatibility = new FormatVersion(2, 0) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageWriter.Create(new MemoryStream(), stamp, new ImageWriterOptions { Threads = -1 }));
    }

    [Theory]
    [InlineData("1.3", 1, 3)]
    [InlineData("0.9", 0, 9)]
    public void Format_versions_parse_and_order(string text, int major, int minor)
    {
        FormatVersion version = FormatVersion.Parse(text);
        Assert.Equal(new FormatVersion((ushort)major, (ushort)minor), version);
        Assert.Equal(text, version.ToString());
        Assert.True(FormatVersion.V1_2 < FormatVersion.V1_3 && FormatVersion.V1_3 <= FormatVersion.Current);
        Assert.Throws<FormatException>(() => FormatVersion.Parse("1.x"));
        Assert.Throws<FormatException>(() => FormatVersion.Parse("13"));
    }

    private static byte[] Bytes(Hash256 hash)
    {
        var bytes = new byte[Hash256.Size];
        hash.WriteTo(bytes);
        return bytes;
    }
}
