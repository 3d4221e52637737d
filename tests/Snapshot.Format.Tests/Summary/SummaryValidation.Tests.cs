using System.Buffers.Binary;
using Snapshot.Format.Layout;
using Snapshot.Format.Tests.Support;
using Snapshot.Format.Validation;

namespace Snapshot.Format.Tests.Summary;

public sealed class SummaryValidationTests : IDisposable
{
    private readonly TempDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void SummaryOfAnImageAsWrittenHasNoProblem()
    {
        string path = Save(Image().Write());

        ValidationReport report = ImageValidator.Validate(path);

        Assert.DoesNotContain(report.Problems, p => p.Section == "SUMMARY");
    }

    [Fact]
    public void StaleSummaryIsReported()
    {
        // A consistent section (both CRCs right) whose first area record claims one page more than the chunks hold.
        byte[] image = Image().Write();
        long offset = ImageBytes.SectionOffset(image, SectionType.Summary);
        int payload = (int)offset + SectionLayout.HeaderLength;
        uint entries = BinaryPrimitives.ReadUInt32LittleEndian(image.AsSpan(payload + SummaryLayout.EntryCountOffset));
        int record = payload + SummaryLayout.EntriesOffset + (int)entries * IndexLayout.EntrySize;
        Span<byte> pages = image.AsSpan(record + SummaryLayout.PagesPresentOffset, 8);
        BinaryPrimitives.WriteUInt64LittleEndian(pages, BinaryPrimitives.ReadUInt64LittleEndian(pages) + 1);
        Span<byte> uncompressed = image.AsSpan(record + SummaryLayout.UncompressedBytesOffset, 8);
        BinaryPrimitives.WriteUInt64LittleEndian(uncompressed, BinaryPrimitives.ReadUInt64LittleEndian(uncompressed) + TestImage.PageSize);
        ImageBytes.ResealPayload(image, offset);
        uint crc = BinaryPrimitives.ReadUInt32LittleEndian(image.AsSpan((int)offset + SectionLayout.PayloadCrcOffset));
        ImageBytes.PatchIndexEntry(image, ImageBytes.IndexEntryOf(image, SectionType.Summary),
            entry => BinaryPrimitives.WriteUInt32LittleEndian(entry[IndexLayout.PayloadCrcOffset..], crc));
        string path = Save(image);

        ValidationReport report = ImageValidator.Validate(path);

        ValidationProblem problem = Assert.Single(report.Problems, p => p.Section == "SUMMARY");
        Assert.Equal("SUMMARY", problem.Section);
        Assert.Contains("does not describe this image", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SummaryBitWithoutASummaryIsReported()
    {
        byte[] image = Image().Write();
        ImageBytes.PatchIndexEntry(image, ImageBytes.IndexEntryOf(image, SectionType.Summary),
            entry => BinaryPrimitives.WriteUInt32LittleEndian(entry, 0x77));
        // The section itself says the same, so that only the missing summary is wrong.
        long offset = ImageBytes.SectionOffset(image, SectionType.Summary);
        ImageBytes.RewriteSectionHeader(image, offset, header => header with { Type = (SectionType)0x77 });
        string path = Save(image);

        ValidationReport report = ImageValidator.Validate(path);

        ValidationProblem problem = Assert.Single(report.Problems, p => p.Section == "SUMMARY");
        Assert.Equal("SUMMARY", problem.Section);
        Assert.Contains("not SUMMARY", problem.Message, StringComparison.Ordinal);
    }

    private static TestImage Image()
    {
        var image = new TestImage();
        image.Tasks.Add(TestTask.Create(1, seed: 8, dataPages: 9));
        return image;
    }

    private string Save(byte[] image)
    {
        string path = _scratch.File($"image-{Guid.NewGuid():n}.snap");
        File.WriteAllBytes(path, image);
        return path;
    }
}
