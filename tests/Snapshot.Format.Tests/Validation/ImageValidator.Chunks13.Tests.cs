using System.Buffers.Binary;
using Snapshot.Format.Layout;
using Snapshot.Format.Sections;
using Snapshot.Format.Tests.Support;
using Snapshot.Format.Validation;

namespace Snapshot.Format.Tests;

/// <summary>Format 1.3 chunks: version 2 page hashes, CHUNKREF targets and ordinals, areas stored by program reference.</summary>
public class ImageValidatorChunks13Tests
{
    private const int PayloadStart = SectionLayout.HeaderLength;

    /// <summary>One task whose data area holds the same four pages in chunks 0 and 1, so chunk 1 is written as a CHUNKREF.</summary>
    private static byte[] WithReference(ImageWriterOptions? options = null)
    {
        var image = new TestImage { Options = options ?? new ImageWriterOptions { PagesPerChunk = 8 } };
        image.Tasks.Add(TestTask.Create(1, seed: 11, dataPages: 3));
        var random = new Random(4);
        var pages = Enumerable.Range(0, 4).Select(i => TestTask.Page((ulong)i, random, compressible: false)).ToList();
        image.Tasks[0].Pages[2] = [.. pages, .. pages.Select(p => p with { PageIndex = p.PageIndex + 8 })];
        return image.Write();
    }

    /// <summary>
    /// The problems of <paramref name="image"/>, but the SUMMARY's: it repeats the index entries these tests patch, so it
    /// goes stale with them (the summary's own tests cover that).
    /// </summary>
    private static List<ValidationProblem> Validate(byte[] image, ValidationOptions? options = null)
    {
        using var dir = new TempDirectory();
        string path = dir.File("image.snap");
        File.WriteAllBytes(path, image);
        return [.. ImageValidator.Validate(path, options ?? ValidationOptions.Default).Problems.Where(p => p.Section != "SUMMARY")];
    }

    private static long Offset(byte[] image, SectionType type, int nth = 0) =>
        ImageBytes.Sections(image).Where(s => s.Header.Type == type).ElementAt(nth).Offset;

    /// <summary>Patches a CHUNKREF's payload and its index entry the same way (the entry repeats the identity fields), resealing both.</summary>
    private static void RewriteReference(byte[] image, Action<Span<byte>> payload, Action<Span<byte>>? entry = null)
    {
        long offset = Offset(image, SectionType.ChunkReference);
        int index = ImageBytes.Sections(image).FindIndex(s => s.Offset == offset);
        ConsistentDamage.RewritePayload(image, offset, payload);
        if (entry is not null)
            ImageBytes.PatchIndexEntry(image, index, entry);
    }

    [Fact]
    public void An_image_with_version_2_chunks_and_a_reference_is_valid_at_both_levels()
    {
        byte[] image = WithReference();
        Assert.Contains(ImageBytes.Sections(image), s => s.Header.Type == SectionType.MemoryChunk && s.Header.Version == ChunkLayout.Version2);
        Assert.Single(ImageBytes.Sections(image), s => s.Header.Type == SectionType.ChunkReference);

        Assert.Empty(Validate(image));
        Assert.Empty(Validate(image, new ValidationOptions { Level = ValidationLevel.Quick }));
    }

    [Fact]
    public void A_page_that_no_longer_matches_its_page_hash_under_a_good_crc_is_named_by_page_number()
    {
        byte[] image = WithReference(new ImageWriterOptions { PagesPerChunk = 8, CompressionLevel = 1 });
        long chunk = ConsistentDamage.Chunks(image, codec: 0)[0];
        int stored = ConsistentDamage.StoredOffset(image, chunk);
        // The third present page of chunk 0 (pages 0..3 of the data area): one byte in its middle.
        ConsistentDamage.RewritePayload(image, chunk, payload => payload[stored + 2 * TestImage.PageSize + 100] ^= 0x80);

        ValidationProblem problem = Assert.Single(Validate(image));
        Assert.Equal("MEMCHUNK", problem.Section);
        Assert.Equal(chunk + PayloadStart + ChunkLayout.PageHashesOffset + 2 * Hash256.Size, problem.Offset);
        Assert.Equal("page 2 of area 2 of task 1 does not match its page hash", problem.Message);
    }

    [Fact]
    public void A_page_hash_that_no_longer_hashes_to_the_content_hash_is_a_problem()
    {
        byte[] image = WithReference();
        long chunk = Offset(image, SectionType.MemoryChunk, nth: 1);
        ConsistentDamage.RewritePayload(image, chunk, payload => payload[ChunkLayout.PageHashesOffset + 5] ^= 1);

        ValidationProblem problem = Assert.Single(Validate(image));
        Assert.Equal(chunk + PayloadStart + ChunkLayout.ContentHashOffset, problem.Offset);
        Assert.Contains("content hash mismatch: the page hashes hash to", problem.Message);
    }

    [Fact]
    public void A_version_1_chunk_is_still_checked_against_the_hash_of_its_bytes()
    {
        byte[] image = WithReference(new ImageWriterOptions { PagesPerChunk = 8, Compatibility = FormatVersion.V1_2 });
        Assert.DoesNotContain(ImageBytes.Sections(image), s => s.Header.Type == SectionType.ChunkReference);
        long chunk = ConsistentDamage.Chunks(image, codec: 0)[0];
        ConsistentDamage.RewritePayload(image, chunk, payload => payload[^1] ^= 1);

        ValidationProblem problem = Assert.Single(Validate(image));
        Assert.Equal(chunk + PayloadStart + ChunkLayout.ContentHashOffset, problem.Offset);
        Assert.StartsWith("content hash mismatch (stored ", problem.Message);
    }

    [Fact]
    public void A_reference_whose_target_is_not_a_memchunk_is_a_problem()
    {
        byte[] image = WithReference();
        long task = Offset(image, SectionType.Task);
        RewriteReference(image, p => BinaryPrimitives.WriteInt64LittleEndian(p[ChunkReferenceLayout.TargetOffsetOffset..], task));

        ValidationProblem problem = Assert.Single(Validate(image));
        Assert.Equal(("CHUNKREF", Offset(image, SectionType.ChunkReference)), (problem.Section, problem.Offset));
        Assert.Equal($"reference for chunk 1 of area 2 of task 1: its target 0x{task:x} is a TASK section, not a MEMCHUNK", problem.Message);
    }

    [Fact]
    public void A_reference_into_the_middle_of_a_section_or_forward_is_a_problem()
    {
        byte[] inside = WithReference();
        long chunk = Offset(inside, SectionType.MemoryChunk);
        RewriteReference(inside, p => BinaryPrimitives.WriteInt64LittleEndian(p[ChunkReferenceLayout.TargetOffsetOffset..], chunk + 8));
        byte[] forward = WithReference();
        long index = Offset(forward, SectionType.Index);
        RewriteReference(forward, p => BinaryPrimitives.WriteInt64LittleEndian(p[ChunkReferenceLayout.TargetOffsetOffset..], index));

        Assert.EndsWith($"no section starts at its target 0x{chunk + 8:x}", Assert.Single(Validate(inside)).Message);
        Assert.EndsWith($"its target 0x{index:x} is not earlier in the file", Assert.Single(Validate(forward)).Message);
    }

    [Fact]
    public void A_reference_must_agree_with_its_target_in_pages_and_content_hash()
    {
        byte[] image = WithReference();
        RewriteReference(image,
            p =>
            {
                p[ChunkReferenceLayout.PresentBitmapOffset] |= 0x80;
                p[ChunkReferenceLayout.ContentHashOffset] ^= 0xFF;
            },
            e =>
            {
                e[IndexLayout.PresentBitmapOffset] |= 0x80;
                e[IndexLayout.ContentHashOffset] ^= 0xFF;
            });

        string[] messages = [.. Validate(image).Select(p => p.Message)];
        Assert.Equal(2, messages.Length);
        Assert.Contains(messages, m => m.Contains(": 5 pages present, its target MEMCHUNK at 0x") && m.EndsWith(" holds 4"));
        Assert.Contains(messages, m => m.Contains("differs from its target's"));
    }

    [Fact]
    public void A_reference_into_an_ancestor_needs_a_parents_list_that_long()
    {
        byte[] image = WithReference();
        RewriteReference(image, p => BinaryPrimitives.WriteUInt32LittleEndian(p[ChunkReferenceLayout.ImageOrdinalOffset..], 2));

        Assert.Equal("reference for chunk 1 of area 2 of task 1: image ordinal 2, but the image names 0 parent image(s)",
            Assert.Single(Validate(image)).Message);
    }

    [Fact]
    public void A_chunk_index_is_unique_across_stored_and_referenced_chunks()
    {
        byte[] image = WithReference();
        RewriteReference(image,
            p => BinaryPrimitives.WriteUInt32LittleEndian(p[ChunkReferenceLayout.ChunkIndexOffset..], 0),
            e => BinaryPrimitives.WriteUInt32LittleEndian(e[IndexLayout.ChunkIndexOffset..], 0));

        ValidationProblem problem = Assert.Single(Validate(image));
        Assert.Equal(("CHUNKREF", "chunk 0 of area 2 of task 1 appears twice"), (problem.Section, problem.Message));
    }

    [Fact]
    public void A_reference_needs_the_chunk_references_bit()
    {
        byte[] image = WithReference();
        BinaryPrimitives.WriteUInt64LittleEndian(image.AsSpan(HeaderLayout.IncompatibleOffset),
            BinaryPrimitives.ReadUInt64LittleEndian(image.AsSpan(HeaderLayout.IncompatibleOffset)) & ~Features.IncompatChunkReferences);
        ImageBytes.ResealHeader(image);

        ValidationProblem problem = Assert.Single(Validate(image));
        Assert.Equal("a CHUNKREF section in an image without the \"chunk-references\" feature bit", problem.Message);
    }

    [Fact]
    public void A_version_2_chunk_in_an_image_stamped_older_than_1_3_is_a_problem()
    {
        byte[] image = WithReference(new ImageWriterOptions { PagesPerChunk = 8, Deduplicate = false });
        BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan(HeaderLayout.MinorOffset), 2);
        ImageBytes.ResealHeader(image);

        ValidationProblem problem = Assert.Single(Validate(image));
        Assert.Equal(Offset(image, SectionType.MemoryChunk), problem.Offset);
        Assert.Equal("MEMCHUNK version 2 in a format 1.2 image (version 2 chunks are format 1.3)", problem.Message);
    }

    /// <summary>
    /// Writers refuse backing 3 without the bit and memory for such an area, so the AREAS record is changed after
    /// writing: areas 1 (code, with chunks) and 3 (stack: writable, with a chunk) become backing 3.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_area_stored_by_program_reference_holds_no_chunks_is_not_writable_and_needs_its_bit(bool withBit)
    {
        byte[] image = TestImage.Small().Write();
        ConsistentDamage.RewritePayload(image, Offset(image, SectionType.Areas), payload =>
        {
            // u64 task id, u32 count, then per area: id u32, base u64, size u64, flags u32, kind u8, backing u8, reserved u16, name.
            int at = sizeof(ulong) + sizeof(uint);
            for (int i = 0; i < 3; i++)
            {
                if (i != 1)
                    payload[at + 25] = (byte)AreaBacking.ProgramReference;
                at += 30 + BinaryPrimitives.ReadUInt16LittleEndian(payload[(at + 28)..]);
            }
        });
        if (withBit)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(image.AsSpan(HeaderLayout.IncompatibleOffset),
                BinaryPrimitives.ReadUInt64LittleEndian(image.AsSpan(HeaderLayout.IncompatibleOffset)) | Features.IncompatProgramReference);
            ImageBytes.ResealHeader(image);
        }

        string[] messages = [.. Validate(image).Select(p => p.Message)];

        Assert.Contains("chunk 0 of area 1 of task 1: the area is stored by reference to its program (backing 3) and holds no chunks", messages);
        Assert.Contains(messages, m => m.StartsWith("chunk 0 of area 3 of task 1: the area is stored by reference", StringComparison.Ordinal));
        Assert.Contains("area 3 of task 1 is writable, so it cannot be stored by reference to its program (backing 3)", messages);
        string lacksBit = "area 1 of task 1 is stored by reference to its program (backing 3), but the header lacks the \"program-reference\" bit";
        Assert.Equal(!withBit, messages.Contains(lacksBit));
        Assert.Equal(withBit ? 3 : 5, messages.Length);
    }
}
