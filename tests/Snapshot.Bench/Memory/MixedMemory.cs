namespace Snapshot.Bench.Memory;

/// <summary>
/// Raw memory files with the mix a long-running task's heap has: about 40% zero pages, 30% repetitive pages (a
/// 64-byte motif repeated, one of eight motifs: initialised tables, padding, text) and 30% random-looking pages
/// (compressed or encrypted data). Kinds come in runs of 1 to 32 pages, as allocations do, so chunks of 64 pages are
/// mixed but a page's neighbours tend to be alike. Everything derives from the seed: same seed, same bytes.
/// </summary>
public static class MixedMemory
{
    public const int PageSize = 4096;
    private const int MotifLength = 64;
    private const int Motifs = 8;
    private const int MaxRun = 32;
    private const int PagesPerWrite = 256;

    public static PageMix Write(string path, long size, ulong seed)
    {
        if (size <= 0 || size % PageSize != 0)
            throw new ArgumentOutOfRangeException(nameof(size), size, $"the memory size must be a positive multiple of {PageSize} bytes");

        var random = new SplitMix64(seed);
        byte[][] motifPages = MotifPages(ref random);
        long pages = size / PageSize;
        long zero = 0, repetitive = 0, noise = 0;
        var buffer = new byte[PagesPerWrite * PageSize];
        using var output = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.SequentialScan);

        int kind = 0, motif = 0, runLeft = 0, filled = 0;
        for (long page = 0; page < pages; page++)
        {
            if (runLeft == 0)
            {
                int draw = random.Below(100);
                kind = draw < 40 ? 0 : draw < 70 ? 1 : 2;
                motif = random.Below(Motifs);
                runLeft = 1 + random.Below(MaxRun);
            }
            runLeft--;

            Span<byte> target = buffer.AsSpan(filled * PageSize, PageSize);
            switch (kind)
            {
                case 0: target.Clear(); zero++; break;
                case 1: motifPages[motif].CopyTo(target); repetitive++; break;
                default: random.Fill(target); noise++; break;
            }
            if (++filled == PagesPerWrite)
            {
                output.Write(buffer);
                filled = 0;
            }
        }
        output.Write(buffer.AsSpan(0, filled * PageSize));
        return new PageMix(zero, repetitive, noise);
    }

    /// <summary>
    /// Copies <paramref name="source"/> to <paramref name="destination"/> and overwrites <paramref name="percent"/>%
    /// of its pages (at least one), chosen at random positions, with fresh random bytes. Returns how many changed.
    /// </summary>
    public static long WriteVariant(string source, string destination, int percent, ulong seed)
    {
        File.Copy(source, destination, overwrite: true);
        long pages = new FileInfo(source).Length / PageSize;
        long wanted = Math.Max(1, pages * percent / 100);
        var random = new SplitMix64(seed);
        var chosen = new SortedSet<long>();
        while (chosen.Count < wanted)
            chosen.Add((long)(random.Next() % (ulong)pages));

        var page = new byte[PageSize];
        using var output = new FileStream(destination, FileMode.Open, FileAccess.Write, FileShare.None);
        foreach (long index in chosen)
        {
            random.Fill(page);
            output.Position = index * PageSize;
            output.Write(page);
        }
        return chosen.Count;
    }

    private static byte[][] MotifPages(ref SplitMix64 random)
    {
        var pages = new byte[Motifs][];
        Span<byte> motif = stackalloc byte[MotifLength];
        for (int m = 0; m < Motifs; m++)
        {
            random.Fill(motif);
            pages[m] = new byte[PageSize];
            for (int offset = 0; offset < PageSize; offset += MotifLength)
                motif.CopyTo(pages[m].AsSpan(offset));
        }
        return pages;
    }
}
