using System.Buffers.Binary;
using Snapshot.Format.Layout;
using Snapshot.Format.Sections;
using Snapshot.Format.Tests.Support;
using Snapshot.Format.Validation;

namespace Snapshot.Format.Tests;

/// <summary>
/// Hostile input, in the style of System.Formats.Nrbf's AttackTests and MessagePack's reader tests: every
/// corruption yields <see cref="SnapshotFormatException"/> (any other exception fails the test), huge
/// length claims allocate nothing, and the validator notices every single-bit flip.
/// </summary>
public class AttackTests
{
    private const long AllocationBudget = 1024 * 1024;

    /// <summary>The smallest useful image: one task, one thread, two tiny chunks.</summary>
    private static byte[] TinyImage()
    {
        var image = new TestImage();
        TestTask task = TestTask.Create(1, seed: 4, dataPages: 1);
        task.Pages[1] = [task.Pages[1][0]];
        task.Pages[2] = [];
        image.Tasks.Add(task);
        return image.Write();
    }

    /// <summary>A checkpoint set with external state (format 1.2): every new section, two tasks, calls, a share, files.</summary>
    private static byte[] ExternalStateImage() => ExternalSetImage.Create().Write();

    private static byte[] Image(string kind) => kind == "external" ? ExternalStateImage() : TinyImage();

    public static TheoryData<string> Images => new() { "tiny", "external" };

    /// <summary>
    /// Every byte of the tiny image; of the external-state image the header and every byte of its external-state
    /// sections (frames and payloads), which is what format 1.2 adds, so that the test stays fast.
    /// </summary>
    private static IEnumerable<int> FlippedOffsets(string kind, byte[] image)
    {
        if (kind != "external")
            return Enumerable.Range(0, image.Length);
        IEnumerable<int> header = Enumerable.Range(0, ImageBytes.HeaderLength(image));
        IEnumerable<int> sections = ImageBytes.Sections(image)
            .Where(s => SectionNames.IsExternalState(s.Header.Type))
            .SelectMany(s => Enumerable.Range((int)s.Offset, (int)s.Header.TotalLength));
        return header.Concat(sections);
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void Every_single_bit_flip_is_noticed_by_the_validator(string kind)
    {
        using var dir = new TempDirectory();
        byte[] original = Image(kind);
        string path = dir.File("flip.snap");
        File.WriteAllBytes(path, original);
        Assert.True(ImageValidator.Validate(path).IsValid);

        var missed = new List<string>();
        int headerLength = ImageBytes.HeaderLength(original);
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        foreach (int offset in FlippedOffsets(kind, original))
        {
            for (int bit = 0; bit < 8; bit++)
            {
                WriteByte(file, offset, (byte)(original[offset] ^ (1 << bit)));
                // A damaged header may make the file uncheckable (an exception); anything later is a listed problem.
                bool noticed = offset < headerLength ? ImageChecks.ValidatorObjects(path) : !ImageValidator.Validate(path).IsValid;
                if (!noticed)
                    missed.Add($"0x{offset:x} bit {bit}");
            }
            WriteByte(file, offset, original[offset]);
        }
        Assert.Empty(missed);
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void Bit_flips_make_the_readers_throw_only_the_format_exception(string kind)
    {
        using var dir = new TempDirectory();
        byte[] original = Image(kind);
        string path = dir.File("flip.snap");
        File.WriteAllBytes(path, original);
        var random = new Random(42);
        int refusedByReader = 0;
        byte[] image = (byte[])original.Clone();
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        for (int offset = 0; offset < original.Length; offset++)
        {
            byte flipped = (byte)(original[offset] ^ (1 << random.Next(8)));
            WriteByte(file, offset, flipped);
            image[offset] = flipped;
            // Anything other than SnapshotFormatException escapes here and fails the test.
            SnapshotFormatException? byFile = ImageChecks.ReadFully(path);
            SnapshotFormatException? byStream = ImageChecks.StreamFully(image);
            if (byFile is not null)
                refusedByReader++;
            // Padding is the only thing the readers skip; the stream reader checks it too.
            Assert.True(byStream is not null || byFile is not null, $"flip at 0x{offset:x} accepted by both readers");
            WriteByte(file, offset, original[offset]);
            image[offset] = original[offset];
        }
        // The SUMMARY (format 1.3) is non-critical and the file reader never reads it (snapinfo's summary reader and
        // snapcheck do; the stream reader above checks its CRC), so flips there count for neither side.
        long summaryBytes = ImageBytes.Sections(original)
            .Where(section => section.Header.Type == SectionType.Summary)
            .Sum(section => SectionLayout.HeaderLength + section.Header.PayloadLength);
        long readable = original.Length - summaryBytes;
        Assert.True(refusedByReader > readable * 9 / 10, $"reader refused {refusedByReader} of the {readable} bytes it reads");
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void Truncation_at_every_section_boundary_and_inside_sections_is_refused(string kind)
    {
        using var dir = new TempDirectory();
        byte[] image = Image(kind);
        var cuts = new SortedSet<int> { 0, 1, 7, 8, 47, 48, ImageBytes.HeaderLength(image) - 1, image.Length - 1, image.Length - 31 };
        foreach ((long offset, SectionHeader header) in ImageBytes.Sections(image))
        {
            foreach (long cut in new[] { offset - 1, offset, offset + 1, offset + 31, offset + 32, offset + 33, offset + 32 + header.PayloadLength })
                cuts.Add((int)cut);
        }
        for (int cut = 0; cut < image.Length; cut += 37)
            cuts.Add(cut);

        string path = dir.File("cut.snap");
        foreach (int cut in cuts)
        {
            byte[] truncated = image[..cut];
            File.WriteAllBytes(path, truncated);
            Assert.NotNull(ImageChecks.ReadFully(path));
            Assert.NotNull(ImageChecks.StreamFully(truncated));
            if (cut >= ImageBytes.HeaderLength(image))
                Assert.False(ImageValidator.Validate(path).IsValid, $"validator accepted a cut at {cut}");
            else
                Assert.True(ImageChecks.ValidatorObjects(path), $"validator accepted a cut at {cut}");
        }
    }

    [Theory]
    [InlineData(long.MaxValue)]
    [InlineData(0x7FFFFFC7L)] // Array.MaxLength
    [InlineData(1L << 40)]
    public void A_section_length_claim_allocates_nothing(long claim)
    {
        using var dir = new TempDirectory();
        byte[] image = TinyImage();
        long thread = ImageBytes.SectionOffset(image, SectionType.Thread);
        int entry = ImageBytes.IndexEntryOf(image, SectionType.Thread);
        ImageBytes.PatchIndexEntry(image, entry, e => BinaryPrimitives.WriteInt64LittleEndian(e[IndexLayout.PayloadLengthOffset..], claim));
        ImageBytes.RewriteSectionHeader(image, thread, h => h with { PayloadLength = claim });
        string path = dir.File("claim.snap");
        File.WriteAllBytes(path, image);
        ImageChecks.ReadFully(path); // warm up code paths so JIT allocations do not count

        AssertAllocatesLittle(() => Assert.NotNull(ImageChecks.ReadFully(path)));
        AssertAllocatesLittle(() => Assert.NotNull(ImageChecks.StreamFully(image)));
        AssertAllocatesLittle(() => Assert.False(ImageValidator.Validate(path).IsValid));
    }

    [Fact]
    public void An_index_count_claim_allocates_nothing()
    {
        using var dir = new TempDirectory();
        byte[] image = TinyImage();
        long index = ImageBytes.SectionOffset(image, SectionType.Index);
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan((int)index + 32), 0x00FFFFFF);
        ImageBytes.ResealPayload(image, index);
        string path = dir.File("count.snap");
        File.WriteAllBytes(path, image);
        ImageChecks.ReadFully(path);

        AssertAllocatesLittle(() => Assert.Contains("entries", ImageChecks.ReadFully(path)!.Reason));
        AssertAllocatesLittle(() => Assert.NotNull(ImageChecks.StreamFully(image)));
    }

    [Fact]
    public void A_string_length_claim_is_checked_against_the_payload()
    {
        using var dir = new TempDirectory();
        byte[] image = TinyImage();
        long task = ImageBytes.SectionOffset(image, SectionType.Task);
        BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan((int)task + 32 + 8), 4000);
        ImageBytes.ResealPayload(image, task);
        ImageBytes.PatchIndexEntry(image, ImageBytes.IndexEntryOf(image, SectionType.Task),
            e => BinaryPrimitives.WriteUInt32LittleEndian(e[IndexLayout.PayloadCrcOffset..],
                SectionHeader.Parse(image.AsSpan((int)task), task).PayloadCrc));
        string path = dir.File("string.snap");
        File.WriteAllBytes(path, image);

        SnapshotFormatException e = ImageChecks.ReadFully(path)!;
        Assert.Equal("TASK", e.Section);
        Assert.Contains("truncated", e.Reason);
    }

    [Fact]
    public void Every_leading_byte_of_a_tiny_file_is_refused()
    {
        using var dir = new TempDirectory();
        string path = dir.File("tiny.snap");
        for (int b = 0; b <= 0xFF; b++)
        {
            foreach (int length in new[] { 1, 64, 200 })
            {
                byte[] bytes = new byte[length];
                bytes[0] = (byte)b;
                File.WriteAllBytes(path, bytes);
                Assert.NotNull(ImageChecks.ReadFully(path));
                Assert.NotNull(ImageChecks.StreamFully(bytes));
                Assert.Throws<SnapshotFormatException>(() => ImageValidator.Validate(path));
            }
        }
    }

    [Theory]
    [InlineData(0x01)]
    [InlineData(0xFF)]
    public void A_header_of_repeated_bytes_is_refused(byte fill)
    {
        using var dir = new TempDirectory();
        string path = dir.File("fill.snap");
        byte[] bytes = new byte[4096];
        Array.Fill(bytes, fill);
        TinyImage().AsSpan(0, 8).CopyTo(bytes); // right magic, garbage after it
        File.WriteAllBytes(path, bytes);
        Assert.NotNull(ImageChecks.ReadFully(path));
        Assert.NotNull(ImageChecks.StreamFully(bytes));
        Assert.True(ImageChecks.ValidatorObjects(path));
    }

    [Fact]
    public void Random_garbage_after_a_valid_header_is_refused()
    {
        using var dir = new TempDirectory();
        byte[] image = TinyImage();
        int header = ImageBytes.HeaderLength(image);
        var random = new Random(7);
        string path = dir.File("garbage.snap");
        for (int round = 0; round < 50; round++)
        {
            byte[] bytes = (byte[])image.Clone();
            random.NextBytes(bytes.AsSpan(header, random.Next(1, bytes.Length - header)));
            File.WriteAllBytes(path, bytes);
            Assert.NotNull(ImageChecks.ReadFully(path));
            Assert.NotNull(ImageChecks.StreamFully(bytes));
            Assert.False(ImageValidator.Validate(path).IsValid);
        }
    }

    private static void WriteByte(FileStream file, long offset, byte value)
    {
        file.Position = offset;
        file.WriteByte(value);
        file.Flush();
    }

    private static void AssertAllocatesLittle(Action action)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        action();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < AllocationBudget, $"allocated {allocated} bytes");
    }
}
