using Snapshot.Format.Chains;
using Snapshot.Format.Diff;

namespace Snapshot.Format.Tests.Diff;

/// <summary>
/// Memory comparison at format 1.3: changed pages found from page hashes exactly as decoding finds them, version 1
/// and mixed comparisons falling back to decoding, chunk references equal to their targets, and the same result for
/// any thread count. The reference every result is checked against decodes both images completely.
/// </summary>
public sealed class ImageDifferMemoryTests : IDisposable
{
    private const uint DataArea = 2;
    private static readonly ImageWriterOptions Version1 = new() { Compatibility = FormatVersion.V1_2 };
    private static readonly ImageWriterOptions Undeduplicated = new() { Deduplicate = false };

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Changed_pages_found_by_page_hashes_equal_those_found_by_decoding(int seed)
    {
        (DiffImage a, DiffImage b) = RandomPair(seed);

        (ImageDiff diff, List<(ulong, ChangeKind)> reference) = DiffWithReference(a, b);

        Assert.Equal(reference, Pages(diff));
        Assert.Contains(reference, p => p.Item2 == ChangeKind.Changed);
        Assert.Equal(0, diff.Chunks.ChunksRead);
        Assert.True(diff.Chunks.PairsComparedByPageHash > 0);
        Assert.Equal(0, diff.Chunks.PagesCompared);
        Assert.True(diff.Chunks.PagesComparedByHash >= reference.Count(p => p.Item2 == ChangeKind.Changed));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Version_1_images_are_compared_by_decoding_with_the_same_result(int seed)
    {
        (DiffImage a, DiffImage b) = RandomPair(seed);
        a.Options = Version1;
        b.Options = Version1;

        (ImageDiff diff, List<(ulong, ChangeKind)> reference) = DiffWithReference(a, b);

        Assert.Equal(reference, Pages(diff));
        Assert.Equal(0, diff.Chunks.PairsComparedByPageHash);
        Assert.True(diff.Chunks.ChunksRead > 0);
    }

    [Fact]
    public void A_version_1_image_and_a_version_2_image_of_the_same_memory_are_equal_after_decoding()
    {
        (DiffImage a, _) = RandomPair(5);
        (DiffImage b, _) = RandomPair(5);
        a.Options = Version1;

        (ImageDiff diff, List<(ulong, ChangeKind)> reference) = DiffWithReference(a, b);

        Assert.Equal(reference, Pages(diff));
        Assert.All(reference, p => Assert.Equal(ChangeKind.Unchanged, p.Item2));
        Assert.DoesNotContain(diff.Tasks.Single().Areas, area => area.Memory.HasDifferences);
        // Hashes of different chunk versions never match, so every pair with common pages is decoded.
        Assert.Equal(0, diff.Chunks.ChunksIdentical);
        Assert.Equal(0, diff.Chunks.PairsComparedByPageHash);
        Assert.Equal(diff.Chunks.ChunksA + diff.Chunks.ChunksB, diff.Chunks.ChunksRead);
    }

    [Theory]
    [InlineData(6)]
    [InlineData(7)]
    public void Mixed_versions_with_changes_fall_back_to_decoding(int seed)
    {
        (DiffImage a, DiffImage b) = RandomPair(seed);
        b.Options = Version1;

        (ImageDiff diff, List<(ulong, ChangeKind)> reference) = DiffWithReference(a, b);

        Assert.Equal(reference, Pages(diff));
        Assert.Equal(0, diff.Chunks.PairsComparedByPageHash);
        // Besides the data area's common pages, the code area's 3 and the stack's 1: equal, but in chunks of different versions.
        Assert.Equal(CommonPages(reference) + 4, diff.Chunks.PagesCompared);
    }

    [Fact]
    public void Chunk_references_compare_equal_to_their_targets_without_a_read()
    {
        DiffImage a = Repeating(Undeduplicated);
        DiffImage b = Repeating(new ImageWriterOptions());

        (ImageDiff diff, List<(ulong, ChangeKind)> reference) = DiffWithReference(a, b);

        using (ImageReader readerB = ImageReader.Open(_dir.File("b.snap")))
            Assert.Contains(readerB.Index, e => e.Type == SectionType.ChunkReference);
        Assert.False(diff.HasDifferences);
        Assert.Equal(reference, Pages(diff));
        Assert.Equal(diff.Chunks.ChunksA, diff.Chunks.ChunksIdentical);
        Assert.Equal(0, diff.Chunks.ChunksRead);
        Assert.Equal(0, diff.Chunks.PairsComparedByPageHash);
    }

    [Fact]
    public void A_page_changed_behind_a_reference_is_found_from_the_targets_page_hashes()
    {
        DiffImage a = Repeating(new ImageWriterOptions());
        DiffImage b = Repeating(new ImageWriterOptions());
        // Chunks 5 and 7 are references to chunk 0 in A; in B their pages differ from chunk 0's, so B stores them.
        b.Pages[DataArea][64 * 5 + 3] = 9;
        b.Pages[DataArea].Remove(64 * 7 + 1);

        (ImageDiff diff, List<(ulong, ChangeKind)> reference) = DiffWithReference(a, b);

        Assert.Equal(reference, Pages(diff));
        Assert.Equal([(64UL * 5 + 3, ChangeKind.Changed), (64UL * 7 + 1, ChangeKind.Removed)],
            reference.Where(p => p.Item2 != ChangeKind.Unchanged));
        Assert.Equal(0, diff.Chunks.ChunksRead);
        Assert.Equal(2, diff.Chunks.PairsComparedByPageHash);
    }

    [Fact]
    public void The_result_does_not_depend_on_the_thread_count()
    {
        (DiffImage a, DiffImage b) = RandomPair(8);
        b.Options = Version1;   // mixed versions: the decoding path, the one with the most work per pair
        using ImageReader readerA = ImageReader.Open(a.Write(_dir.File("a.snap")));
        using ImageReader readerB = ImageReader.Open(b.Write(_dir.File("b.snap")));

        ImageDiff[] diffs = [.. new[] { 1, 2, 8 }.Select(threads => ImageDiffer.Compare(readerA, readerB, threads: threads))];

        foreach (ImageDiff diff in diffs[1..])
        {
            Assert.Equal(diffs[0].Chunks, diff.Chunks);
            Assert.Equal(Ranges(diffs[0]), Ranges(diff));
        }
    }

    [Fact]
    public void A_child_compares_with_its_parent_through_its_chain_reading_only_what_changed()
    {
        string parentPath = new DiffImage().Write(_dir.File("parent.snap"));
        string childPath = WriteChild(parentPath, _dir.File("child.snap"));
        using ImageReader parent = ImageReader.Open(parentPath);
        using ImageChain child = ImageChain.Open(childPath);

        ImageDiff diff = ImageDiffer.Compare(parent, child.Image);

        AreaMemoryDiff data = Area(diff);
        Assert.Equal([new PageRange(ChangeKind.Changed, 2, 1, 0x1000_2000, 0x1000_2fff)], data.Differences);
        Assert.Equal(7, data.PagesUnchanged);
        // Chunks 1 and 2 are references to the parent's chunks: equal by their hash, unread; chunk 0 by page hashes.
        Assert.Equal(0, diff.Chunks.ChunksRead);
        Assert.Equal(1, diff.Chunks.PairsComparedByPageHash);
        Assert.Equal(diff.Chunks.ChunksA - 1, diff.Chunks.ChunksIdentical);
    }

    [Fact]
    public void A_reference_into_an_ancestor_is_read_through_the_chain_and_refused_without_it()
    {
        string parentPath = new DiffImage().Write(_dir.File("parent.snap"));
        string childPath = WriteChild(parentPath, _dir.File("child.snap"));
        var other = new DiffImage();
        other.Pages[DataArea][70] = 5;   // chunk 1, a reference in the child, differs
        using ImageReader otherReader = ImageReader.Open(other.Write(_dir.File("other.snap")));
        using ImageChain child = ImageChain.Open(childPath);
        using ImageReader alone = ImageReader.Open(childPath);

        ImageDiff diff = ImageDiffer.Compare(child.Image, otherReader);
        ImageDiffException ex = Assert.Throws<ImageDiffException>(() => ImageDiffer.Compare(alone, otherReader));

        Assert.Equal([(70UL, ChangeKind.Changed), (2UL, ChangeKind.Changed)],
            Area(diff).Differences.Select(r => (r.FirstPage, r.Kind)).OrderByDescending(r => r.FirstPage));
        Assert.Equal(2, diff.Chunks.PairsComparedByPageHash);
        Assert.Equal(childPath, ex.Path);
        Assert.Equal("CHUNKREF", ex.FormatError.Section);
        Assert.Contains("not attached", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// An incremental image of <see cref="DiffImage"/>: page 2 of the data area changed, so its chunk 0 is stored, and
    /// its chunks 1 and 2 are references to the parent's.
    /// </summary>
    private static string WriteChild(string parentPath, string childPath)
    {
        IReadOnlyList<ParentImage> parents;
        List<IndexEntry> parentChunks;
        using (ImageChain parent = ImageChain.Open(parentPath))
        {
            parents = parent.ParentsForChild(childPath);
            parentChunks = [.. parent.Image.Index.Where(e => e.IsChunk && e.AreaId == DataArea && e.ChunkIndex > 0)];
        }
        var child = new DiffImage { Options = new ImageWriterOptions { Parents = parents } };
        SortedDictionary<ulong, int> pages = child.Pages[DataArea];
        foreach (ulong page in pages.Keys.Where(p => p >= 64).ToArray())
            pages.Remove(page);
        pages[2] = 2;
        child.References[DataArea] = [.. parentChunks.Select(e =>
            new ChunkReference(DiffImage.TaskId, DataArea, e.ChunkIndex, e.PresentBitmap, e.ContentHash, ImageOrdinal: 1, e.Offset))];
        return child.Write(childPath);
    }

    /// <summary>
    /// A random data area of about 770 pages over 16 chunks, and the same area with about 3% of its pages changed, 1%
    /// removed, 1% added and a few written as zero (elided). Seeded: the same pair every run.
    /// </summary>
    private static (DiffImage A, DiffImage B) RandomPair(int seed)
    {
        var random = new Random(seed);
        var a = new DiffImage();
        var b = new DiffImage();
        SortedDictionary<ulong, int> pagesA = a.Pages[DataArea], pagesB = b.Pages[DataArea];
        pagesA.Clear();
        for (ulong page = 0; page < 64 * 16; page++)
        {
            if (random.Next(4) != 0)
                pagesA[page] = 1 + random.Next(3);
        }
        pagesB.Clear();
        foreach ((ulong page, int version) in pagesA)
        {
            int roll = random.Next(1000);
            if (roll < 30)
                pagesB[page] = version + 1;
            else if (roll < 35)
                pagesB[page] = 0;
            else if (roll >= 45)
                pagesB[page] = version;
        }
        for (int added = 0; added < 8; added++)
            pagesB[(ulong)random.Next(64 * 16)] = 7;
        return (a, b);
    }

    /// <summary>A data area of 16 chunks whose pages repeat every 64 pages, so every chunk after the first is a
    /// reference to chunk 0 when the writer deduplicates.</summary>
    private static DiffImage Repeating(ImageWriterOptions options)
    {
        var image = new DiffImage
        {
            Options = options,
            ContentOf = (area, page, version) => DiffImage.Content(area, page % 64, version),
        };
        SortedDictionary<ulong, int> pages = image.Pages[DataArea];
        pages.Clear();
        for (ulong page = 0; page < 64 * 16; page++)
            pages[page] = 1;
        return image;
    }

    private (ImageDiff Diff, List<(ulong, ChangeKind)> Reference) DiffWithReference(DiffImage a, DiffImage b)
    {
        using ImageReader readerA = ImageReader.Open(a.Write(_dir.File("a.snap")));
        using ImageReader readerB = ImageReader.Open(b.Write(_dir.File("b.snap")));
        return (ImageDiffer.Compare(readerA, readerB), DecodedReference(readerA, readerB));
    }

    /// <summary>Every page of the data area in either image, classified from the fully decoded pages.</summary>
    private static List<(ulong, ChangeKind)> DecodedReference(ImageReader a, ImageReader b)
    {
        Dictionary<ulong, byte[]> pagesA = Decode(a), pagesB = Decode(b);
        return [.. pagesA.Keys.Union(pagesB.Keys).Order().Select(page =>
            (page, !pagesB.TryGetValue(page, out byte[]? after) ? ChangeKind.Removed
                : !pagesA.TryGetValue(page, out byte[]? before) ? ChangeKind.Added
                : before.AsSpan().SequenceEqual(after) ? ChangeKind.Unchanged
                : ChangeKind.Changed))];
    }

    private static Dictionary<ulong, byte[]> Decode(ImageReader reader) =>
        reader.ReadChunks(DiffImage.TaskId, DataArea).SelectMany(chunk => chunk.Pages())
            .ToDictionary(page => page.PageIndex, page => page.Bytes.ToArray());

    private static List<(ulong, ChangeKind)> Pages(ImageDiff diff) =>
        [.. Area(diff).Ranges.SelectMany(range => Enumerable.Range(0, (int)range.PageCount)
            .Select(i => (range.FirstPage + (ulong)i, range.Kind)))];

    private static AreaMemoryDiff Area(ImageDiff diff) => diff.Tasks.Single().Areas.Single(area => area.AreaId == DataArea).Memory;

    private static List<PageRange> Ranges(ImageDiff diff) => [.. diff.Tasks.Single().Areas.SelectMany(area => area.Memory.Ranges)];

    private static long CommonPages(List<(ulong, ChangeKind)> reference) =>
        reference.Count(p => p.Item2 is ChangeKind.Changed or ChangeKind.Unchanged);
}
