using Snapshot.Format.Tests.Support;

namespace Snapshot.Format.Tests.ChunkFormat;

/// <summary>
/// Images whose memory repeats itself: in the data area, chunk 2 holds the pages of chunk 0 (4 pages per chunk), and
/// the stack area's chunk holds them again, so a deduplicating writer stores those pages once.
/// </summary>
internal static class DuplicateImage
{
    public const int PagesPerChunk = 4;

    public static TestImage Create(ImageWriterOptions? options = null, int seed = 7, int uniquePages = 40)
    {
        var random = new Random(seed);
        PageData[] repeated = [.. Enumerable.Range(0, PagesPerChunk).Select(i => TestTask.Page((ulong)i, random, compressible: i % 2 == 0))];
        TestTask task = TestTask.Create(1, seed, dataPages: 0);
        var data = new List<PageData>(repeated);
        data.AddRange(repeated.Select(p => p with { PageIndex = p.PageIndex + 2 * PagesPerChunk }));
        data.AddRange(Enumerable.Range(4 * PagesPerChunk, uniquePages).Select(i => TestTask.Page((ulong)i, random, compressible: i % 3 != 0)));
        task.Pages[2] = data;
        task.Pages[3] = [.. repeated.Select(p => p with { PageIndex = p.PageIndex + 8 })];
        var image = new TestImage { Options = (options ?? new ImageWriterOptions()) with { PagesPerChunk = PagesPerChunk } };
        image.Tasks.Add(task);
        return image;
    }

    /// <summary>The non-zero pages of every area as written, by area id: page numbers and the SHA-256 of their bytes.</summary>
    public static Dictionary<uint, List<(ulong PageIndex, Hash256 Bytes)>> Pages(TestImage image) =>
        image.Tasks[0].Pages.ToDictionary(p => p.Key,
            p => p.Value.Where(page => page.Bytes.Span.ContainsAnyExcept((byte)0)).Select(page => (page.PageIndex, Hash256.Compute(page.Bytes.Span))).ToList());

    /// <summary>The pages of <paramref name="chunks"/> as <see cref="Pages"/> lists them.</summary>
    public static List<(ulong PageIndex, Hash256 Bytes)> Read(IEnumerable<MemoryChunk> chunks) =>
        [.. chunks.SelectMany(c => c.Pages()).Select(p => (p.PageIndex, Hash256.Compute(p.Bytes.Span)))];
}
