using Snapshot.Format.Layout;
using Snapshot.Format.Sections;
using Snapshot.Format.Tests.Support;
using Snapshot.Format.Validation;

namespace Snapshot.Format.Tests;

/// <summary>The quick level: framing, every CRC, the index and the footer; nothing decompressed, hashed or cross-checked.</summary>
public class ImageValidatorQuickTests
{
    private static readonly ValidationOptions s_quick = new() { Level = ValidationLevel.Quick };

    [Fact]
    public void A_good_image_is_valid_and_no_page_is_counted_as_checked()
    {
        using var dir = new TempDirectory();
        var image = TestImage.Small(seed: 8, dataPages: 30);
        image.Tasks.Add(TestTask.Create(2, 9, 3));
        string path = image.WriteFile(dir);

        ValidationReport quick = ImageValidator.Validate(path, s_quick);
        ValidationReport full = ImageValidator.Validate(path);

        Assert.True(quick.IsValid, string.Join("\n", quick.Problems));
        Assert.Equal(ValidationLevel.Quick, quick.Level);
        Assert.Equal(ValidationLevel.Full, full.Level);
        Assert.Equal(full.SectionsChecked, quick.SectionsChecked);
        Assert.Equal(full.ChunksChecked, quick.ChunksChecked);
        Assert.Equal(0, quick.PageBytesChecked);
        Assert.True(full.PageBytesChecked > 0);
    }

    /// <summary>
    /// Every byte a CRC covers, and the bytes covered by a fixed value or the zero rule (sync markers, padding, the
    /// footer): one flipped bit is a problem at the quick level. The bytes of each section frame are all tried; of the
    /// payloads, the first, the last and every 127th (a prime stride, so the positions fall differently in each).
    /// </summary>
    [Fact]
    public void A_flipped_bit_in_any_checked_byte_is_a_problem()
    {
        using var dir = new TempDirectory();
        byte[] original = TestImage.Small(seed: 3, dataPages: 12).Write();
        string path = dir.File("flipped.snap");
        var positions = new SortedSet<long>();
        foreach ((long offset, var header) in ImageBytes.Sections(original))
        {
            long payload = offset + SectionLayout.HeaderLength;
            long end = payload + header.PayloadLength;
            for (long at = offset; at < payload; at++)
                positions.Add(at);
            for (long at = payload; at < end; at += 127)
                positions.Add(at);
            positions.Add(end - 1);
            for (long at = end; at < offset + header.TotalLength; at++)
                positions.Add(at);
        }
        for (long at = original.Length - FooterLayout.Length; at < original.Length; at++)
            positions.Add(at);

        var missed = new List<long>();
        int bit = 0;
        foreach (long at in positions)
        {
            byte[] image = (byte[])original.Clone();
            image[at] ^= (byte)(1 << (bit++ % 8));
            File.WriteAllBytes(path, image);
            if (ImageValidator.Validate(path, s_quick with { Threads = 1 }).IsValid)
                missed.Add(at);
        }

        Assert.True(positions.Count > 400, $"{positions.Count} positions");
        Assert.Empty(missed);
    }

    [Theory]
    [InlineData("1.2")]
    [InlineData("1.3")]
    public void Page_bytes_under_a_good_crc_are_not_decompressed_or_hashed(string compatibility)
    {
        using var dir = new TempDirectory();
        var written = new TestImage { Options = new ImageWriterOptions { PagesPerChunk = 1, Compatibility = FormatVersion.Parse(compatibility) } };
        written.Tasks.Add(TestTask.Create(1, seed: 5, dataPages: 60));
        byte[] image = written.Write();
        long raw = ConsistentDamage.Chunks(image, codec: 0)[0];
        long zstd = ConsistentDamage.Chunks(image, codec: 1)[0];
        int zstdData = ConsistentDamage.StoredOffset(image, zstd);
        long rawEnd = raw + SectionHeader.Parse(image.AsSpan((int)raw), raw).TotalLength;
        ConsistentDamage.RewritePayload(image, raw, payload => payload[^1] ^= 1);
        ConsistentDamage.RewritePayload(image, zstd, payload => payload[zstdData..].Fill(0x5A));
        string path = dir.File("lie.snap");
        File.WriteAllBytes(path, image);

        ValidationReport quick = ImageValidator.Validate(path, s_quick);
        ValidationReport full = ImageValidator.Validate(path);

        Assert.True(quick.IsValid, string.Join("\n", quick.Problems));
        Assert.Contains(full.Problems, p => p.Section == "MEMCHUNK" && p.Offset > raw && p.Offset < rawEnd && p.Message.Contains("hash"));
        Assert.Contains(full.Problems, p => p.Section == "MEMCHUNK" && p.Offset == zstd + SectionLayout.HeaderLength + zstdData
                                            && p.Message.Contains("zstd"));
    }

    [Fact]
    public void Blobs_and_cross_references_are_not_checked()
    {
        using var dir = new TempDirectory();
        var image = TestImage.Small();
        ThreadRecord thread = image.Tasks[0].Threads[0];
        var stack = TestImage.Profile.KernelStack.Decode(thread.KernelStack.Span).ToDictionary();
        stack["stop_site"] = 0x1234;
        image.Tasks[0].Threads[0] = thread with { KernelStack = TestImage.Profile.KernelStack.Encode(stack) };
        image.Tasks[0].Areas[2] = image.Tasks[0].Areas[2] with { Base = 0x21000 };
        string path = image.WriteFile(dir);

        Assert.True(ImageValidator.Validate(path, s_quick).IsValid);
        Assert.Equal(2, ImageValidator.Validate(path).Problems.Count(p => p.Section is "THREAD" or "AREAS"));
    }

    [Fact]
    public void The_index_is_still_compared_with_the_walk()
    {
        using var dir = new TempDirectory();
        byte[] image = TestImage.Small(dataPages: 30).Write();
        int entry = ImageBytes.IndexEntryOf(image, SectionType.Thread);
        ImageBytes.PatchIndexEntry(image, entry, e => e[IndexLayout.TaskIdOffset] ^= 4);
        string path = dir.File("index.snap");
        File.WriteAllBytes(path, image);

        // The SUMMARY (format 1.3) repeats the index entry, so it is stale now too.
        ValidationProblem problem = Assert.Single(ImageValidator.Validate(path, s_quick).Problems, p => p.Section != "SUMMARY");
        Assert.Equal("INDEX", problem.Section);
        Assert.Contains($"entry {entry} (THREAD", problem.Message);
    }
}
