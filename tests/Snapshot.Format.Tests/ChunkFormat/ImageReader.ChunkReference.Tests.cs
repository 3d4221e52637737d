using System.Buffers.Binary;
using Snapshot.Format.Tests.Support;

namespace Snapshot.Format.Tests.ChunkFormat;

public sealed class ImageReaderChunkReferenceTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_reference_to_a_section_that_is_not_a_memchunk_is_refused_naming_both_offsets()
    {
        (string path, long reference, long task) = Patched((image, _) => ImageBytes.SectionOffset(image, SectionType.Task), 64);
        using ImageReader reader = ImageReader.Open(path);
        var e = Assert.Throws<SnapshotFormatException>(() => reader.ReadChunk(reader.Index.First(x => x.Type == SectionType.ChunkReference)));
        Assert.Equal("CHUNKREF", e.Section);
        Assert.Equal(reference, e.Offset);
        Assert.Contains($"0x{task:x}", e.Reason);
        Assert.Contains("TASK section, not a MEMCHUNK", e.Reason);
    }

    [Fact]
    public void A_reference_whose_target_has_another_content_hash_is_refused_naming_both_offsets()
    {
        (string path, long reference, long target) = Patched((_, first) => first, 64);
        using ImageReader reader = ImageReader.Open(path);
        var e = Assert.Throws<SnapshotFormatException>(() => reader.ReadChunk(reader.Index.First(x => x.Type == SectionType.ChunkReference)));
        Assert.Contains($"reference at 0x{reference:x}", e.Reason);
        Assert.Contains($"MEMCHUNK at 0x{target:x}", e.Reason);
        Assert.Contains("does not match", e.Reason);
    }

    [Fact]
    public void A_reference_that_points_forward_or_between_sections_is_refused()
    {
        (string forward, _, _) = Patched((image, _) => ImageBytes.SectionOffset(image, SectionType.Index), 64);
        using (ImageReader reader = ImageReader.Open(forward))
        {
            var e = Assert.Throws<SnapshotFormatException>(() => reader.ReadChunk(reader.Index.First(x => x.Type == SectionType.ChunkReference)));
            Assert.Contains("does not lie before the reference", e.Reason);
        }

        (string between, _, _) = Patched((image, first) => first + 8, 64);
        using (ImageReader reader = ImageReader.Open(between))
        {
            var e = Assert.Throws<SnapshotFormatException>(() => reader.ReadChunk(reader.Index.First(x => x.Type == SectionType.ChunkReference)));
            Assert.Contains("no section starts at the target offset", e.Reason);
        }
    }

    [Fact]
    public void A_reference_into_an_ancestor_that_is_not_attached_names_the_ordinal()
    {
        (string path, long reference, _) = Patched((_, first) => 2, 56);
        using ImageReader reader = ImageReader.Open(path);
        IndexEntry entry = reader.Index.First(x => x.Type == SectionType.ChunkReference);
        var e = Assert.Throws<SnapshotFormatException>(() => reader.ReadChunk(entry));
        Assert.Equal(reference, e.Offset);
        Assert.Contains("ancestor image 2, which is not attached", e.Reason);
        Assert.Throws<SnapshotFormatException>(() => reader.ReadPageHashes(entry));
    }

    [Fact]
    public void Page_hashes_come_from_the_chunk_prefix_alone_and_a_reference_gives_its_targets()
    {
        using var dir = new TempDirectory();
        string path = DuplicateImage.Create().WriteFile(dir);
        using ImageReader reader = ImageReader.Open(path);
        IndexEntry stored = reader.Index.First(e => e.Type == SectionType.MemoryChunk && e.AreaId == 2);

        long before = reader.BytesRead;
        IReadOnlyList<Hash256> hashes = reader.ReadPageHashes(stored)!;
        Assert.Equal(32 + 68 + 32 * stored.PresentPages, reader.BytesRead - before);
        Assert.Equal(reader.ReadChunk(stored).PageHashes, hashes);
        Assert.Equal(hashes, reader.ReadPageHashes(reader.Index.First(e => e.Type == SectionType.ChunkReference)));

        using var v1 = new TempDirectory();
        using ImageReader old = ImageReader.Open(DuplicateImage.Create(new ImageWriterOptions { Compatibility = FormatVersion.V1_2 }).WriteFile(v1));
        Assert.Null(old.ReadPageHashes(old.Index.First(e => e.Type == SectionType.MemoryChunk)));
    }

    [Fact]
    public void A_changed_page_under_resealed_crcs_fails_its_page_hash()
    {
        using var dir = new TempDirectory();
        TestImage random = TestImage.Small();
        random.Tasks[0].Pages[2] = [TestTask.Page(3, new Random(2), compressible: false)];
        byte[] image = random.Write();
        var section = ImageBytes.Sections(image).First(s => s.Header.Type == SectionType.MemoryChunk && image[s.Offset + 32 + 24] == (byte)ChunkCodec.Raw);
        int pages = System.Numerics.BitOperations.PopCount(BinaryPrimitives.ReadUInt64LittleEndian(image.AsSpan((int)section.Offset + 32 + 16)));
        image[section.Offset + 32 + 68 + 32 * pages + 10] ^= 0x01;
        ImageBytes.ResealPayload(image, section.Offset);
        uint crc = Snapshot.Format.Sections.SectionHeader.Parse(image.AsSpan((int)section.Offset), section.Offset).PayloadCrc;
        ImageBytes.PatchIndexEntry(image, ImageBytes.Sections(image).FindIndex(s => s.Offset == section.Offset),
            e => BinaryPrimitives.WriteUInt32LittleEndian(e[24..], crc));
        string path = dir.File("page.snap");
        File.WriteAllBytes(path, image);

        using ImageReader reader = ImageReader.Open(path);
        IndexEntry entry = reader.Index.Single(e => e.Offset == section.Offset);
        var e = Assert.Throws<SnapshotFormatException>(() => reader.ReadChunk(entry));
        Assert.Contains("page hash mismatch for present page 0", e.Reason);
        Assert.NotNull(reader.ReadChunk(entry, verifyContentHash: false));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(0)]
    public void Parallel_reading_yields_the_chunks_of_sequential_reading_in_order(int threads)
    {
        using var dir = new TempDirectory();
        TestImage image = DuplicateImage.Create(uniquePages: 150);
        string path = image.WriteFile(dir);
        using ImageReader reader = ImageReader.Open(path);
        foreach (uint area in new uint[] { 1, 2, 3 })
            Assert.Equal(DuplicateImage.Read(reader.ReadChunks(1, area)), DuplicateImage.Read(reader.ReadChunksParallel(1, area, threads)));
        Assert.Equal(DuplicateImage.Pages(image)[2], DuplicateImage.Read(reader.ReadChunksParallel(1, 2, threads)));
    }

    [Fact]
    public void A_seekable_stream_resolves_references_and_a_pipe_refuses_their_pages_but_not_the_metadata()
    {
        TestImage image = DuplicateImage.Create();
        byte[] bytes = image.Write();

        var chunks = new List<MemoryChunk>();
        ImageStreamReader.Read(new MemoryStream(bytes), chunks.Add);
        Assert.Equal(DuplicateImage.Pages(image)[3], DuplicateImage.Read(chunks.Where(c => c.AreaId == 3)));

        var sections = new List<IndexEntry>();
        ImageStreamReader.Read(new NonSeekableStream(bytes, maxRead: 500), onSection: sections.Add);
        Assert.Equal(2, sections.Count(e => e.Type == SectionType.ChunkReference));

        var e = Assert.Throws<SnapshotFormatException>(() => ImageStreamReader.Read(new NonSeekableStream(bytes, maxRead: 500), _ => { }));
        Assert.Equal("CHUNKREF", e.Section);
        Assert.Contains("read the image from a file", e.Reason);
    }

    [Fact]
    public void The_stream_reader_refuses_a_reference_whose_target_does_not_match()
    {
        (string path, long reference, _) = Patched((_, first) => first, 64);
        var e = Assert.Throws<SnapshotFormatException>(() => ImageStreamReader.Read(new NonSeekableStream(File.ReadAllBytes(path))));
        Assert.Equal(reference, e.Offset);
        Assert.Contains("does not match", e.Reason);
    }

    /// <summary>
    /// The duplicate image with its first CHUNKREF's u64 at <paramref name="field"/> (64: target offset, 56: ordinal,
    /// as a u32) set to what <paramref name="value"/> picks, every CRC resealed: only the reference rules can tell.
    /// Returns the path, the reference's offset and the value.
    /// </summary>
    private (string Path, long Reference, long Value) Patched(Func<byte[], long, long> value, int field)
    {
        byte[] image = DuplicateImage.Create().Write();
        var sections = ImageBytes.Sections(image);
        long first = sections.First(s => s.Header.Type == SectionType.MemoryChunk).Offset;
        long reference = sections.First(s => s.Header.Type == SectionType.ChunkReference).Offset;
        long chosen = value(image, first);
        Span<byte> payload = image.AsSpan((int)reference + 32, 72);
        if (field == 56)
            BinaryPrimitives.WriteUInt32LittleEndian(payload[56..], (uint)chosen);
        else
            BinaryPrimitives.WriteUInt64LittleEndian(payload[64..], (ulong)chosen);
        ImageBytes.ResealPayload(image, reference);
        uint crc = Snapshot.Format.Sections.SectionHeader.Parse(image.AsSpan((int)reference), reference).PayloadCrc;
        ImageBytes.PatchIndexEntry(image, sections.FindIndex(s => s.Offset == reference), e => BinaryPrimitives.WriteUInt32LittleEndian(e[24..], crc));
        string path = _dir.File("patched.snap");
        File.WriteAllBytes(path, image);
        return (path, reference, chosen);
    }
}
