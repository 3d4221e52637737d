using Snapshot.Format.Layout;
using Snapshot.Format.Tests.Support;
using Snapshot.Format.Validation;

namespace Snapshot.Format.Tests;

/// <summary>Chunks are checked on several workers; the report must not depend on how many.</summary>
public class ImageValidatorThreadsTests
{
    /// <summary>An image of many small chunks (two pages each), so that several are in flight at once.</summary>
    private static byte[] ManyChunks()
    {
        var image = new TestImage { Options = new ImageWriterOptions { PagesPerChunk = 2 } };
        image.Tasks.Add(TestTask.Create(1, seed: 21, dataPages: 160));
        image.Tasks.Add(TestTask.Create(2, seed: 22, dataPages: 90));
        return image.Write();
    }

    /// <summary>Damage of every kind the walk meets: a CRC, a content hash under a good CRC, a destroyed frame, bad padding.</summary>
    private static byte[] Damaged()
    {
        byte[] image = ManyChunks();
        var chunks = ImageBytes.Sections(image).Where(s => s.Header.Type == SectionType.MemoryChunk).Select(s => s.Offset).ToList();
        Assert.True(chunks.Count > 40, $"{chunks.Count} chunks");
        long raw = ConsistentDamage.Chunks(image, codec: 0).First(c => c > chunks[10]);
        long zstd = ConsistentDamage.Chunks(image, codec: 1).Last();
        image[chunks[3] + SectionLayout.HeaderLength + 70] ^= 0x10;
        ConsistentDamage.RewritePayload(image, raw, payload => payload[^1] ^= 1);
        ConsistentDamage.RewritePayload(image, zstd, payload => payload[ChunkLayout.DataOffset + 9] ^= 0x40);
        image.AsSpan((int)chunks[25], SectionLayout.HeaderLength).Fill(0xEE);
        return image;
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void A_damaged_image_gets_the_same_report_on_any_number_of_workers(int threads)
    {
        using var dir = new TempDirectory();
        string path = dir.File("damaged.snap");
        File.WriteAllBytes(path, Damaged());

        ValidationReport single = ImageValidator.Validate(path, new ValidationOptions { Threads = 1 });
        ValidationReport parallel = ImageValidator.Validate(path, new ValidationOptions { Threads = threads });

        Assert.True(single.Problems.Count >= 5, string.Join("\n", single.Problems));
        Assert.Contains(single.Problems, p => p.Message.Contains("content hash mismatch"));
        Assert.Contains(single.Problems, p => p.Message.Contains("skipped to the next sync marker"));
        Assert.Equal(single.Problems, parallel.Problems);
        Assert.Equal((single.SectionsChecked, single.ChunksChecked, single.PageBytesChecked),
                     (parallel.SectionsChecked, parallel.ChunksChecked, parallel.PageBytesChecked));
    }

    [Fact]
    public void A_quick_check_of_a_damaged_image_is_the_same_on_any_number_of_workers()
    {
        using var dir = new TempDirectory();
        string path = dir.File("damaged.snap");
        File.WriteAllBytes(path, Damaged());

        ValidationReport single = ImageValidator.Validate(path, new ValidationOptions { Level = ValidationLevel.Quick, Threads = 1 });
        ValidationReport parallel = ImageValidator.Validate(path, new ValidationOptions { Level = ValidationLevel.Quick, Threads = 4 });

        Assert.NotEmpty(single.Problems);
        Assert.Equal(single.Problems, parallel.Problems);
        Assert.Equal(single.ChunksChecked, parallel.ChunksChecked);
    }

    [Fact]
    public void A_good_image_counts_the_same_on_any_number_of_workers()
    {
        using var dir = new TempDirectory();
        string path = dir.File("good.snap");
        File.WriteAllBytes(path, ManyChunks());

        ValidationReport single = ImageValidator.Validate(path, new ValidationOptions { Threads = 1 });
        ValidationReport all = ImageValidator.Validate(path);

        Assert.True(all.IsValid, string.Join("\n", all.Problems));
        Assert.Empty(single.Problems);
        Assert.Equal((single.SectionsChecked, single.ChunksChecked, single.PageBytesChecked),
                     (all.SectionsChecked, all.ChunksChecked, all.PageBytesChecked));
    }

    [Fact]
    public void A_negative_number_of_workers_is_refused()
    {
        using var dir = new TempDirectory();
        string path = dir.File("good.snap");
        File.WriteAllBytes(path, ManyChunks());

        Assert.Throws<ArgumentOutOfRangeException>(() => ImageValidator.Validate(path, new ValidationOptions { Threads = -1 }));
    }
}
