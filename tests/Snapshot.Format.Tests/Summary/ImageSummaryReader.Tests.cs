using System.Buffers.Binary;
using Snapshot.Format.Layout;
using Snapshot.Format.Sections;
using Snapshot.Format.Signing;
using Snapshot.Format.Summary;
using Snapshot.Format.Tests.Support;

namespace Snapshot.Format.Tests.Summary;

public sealed class ImageSummaryReaderTests : IDisposable
{
    private static readonly byte[] s_secret = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    private readonly TempDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void Format13WriterPutsTheSummaryLastBeforeTheIndexAndSetsItsBit()
    {
        byte[] image = TwoTasks().Write();

        var sections = ImageBytes.Sections(image);
        Assert.Equal(SectionType.Index, sections[^1].Header.Type);
        Assert.Equal(SectionType.Summary, sections[^2].Header.Type);
        Assert.Equal(SectionFlags.None, sections[^2].Header.Flags);
        ulong autoclear = BinaryPrimitives.ReadUInt64LittleEndian(image.AsSpan(HeaderLayout.AutoclearOffset));
        Assert.Equal(Features.AutoclearSummary, autoclear & Features.AutoclearSummary);
    }

    [Fact]
    public void SummaryEqualsWhatTheIndexSays()
    {
        string path = Save(TwoTasks().Write());

        using var fromSummary = ImageSummaryReader.Open(path);
        using var fromIndex = ImageSummaryReader.Open(path, useSummary: false);

        Assert.Equal(SummarySource.Summary, fromSummary.Source);
        Assert.Null(fromSummary.FallbackReason);
        Assert.Null(fromSummary.Index);
        Assert.Equal(SummarySource.Index, fromIndex.Source);
        Assert.True(fromSummary.Summary.SameAs(fromIndex.Summary));
        Assert.Equal(2, fromSummary.Summary.Areas.Select(a => a.TaskId).Distinct().Count());
        Assert.Equal(SectionType.Summary, fromSummary.Summary.Sections[^1].Type);
        Assert.Equal(Serialize(fromIndex.ReadMetadata()), Serialize(fromSummary.ReadMetadata()));
        Assert.True(fromSummary.BytesRead < fromIndex.BytesRead, $"{fromSummary.BytesRead} bytes through the summary, {fromIndex.BytesRead} through the index");
    }

    [Fact]
    public void AreaTotalsCountEveryChunkOnce()
    {
        string path = Save(TwoTasks().Write());

        using var index = ImageReader.Open(path);
        using var reader = ImageSummaryReader.Open(path);

        var chunks = index.Index.Where(e => ImageSummary.IsMemorySection(e.Type)).ToList();
        Assert.Equal(chunks.Count, reader.Summary.Areas.Sum(a => a.Chunks + a.References));
        Assert.Equal(chunks.Sum(e => (long)e.PresentPages), reader.Summary.Areas.Sum(a => a.PagesPresent));
        Assert.All(reader.Summary.Areas, a => Assert.Equal(a.PagesPresent * TestImage.PageSize, a.UncompressedBytes));
        Assert.Equal(chunks.Min(e => e.Offset), reader.Summary.Areas[0].FirstOffset);
    }

    [Fact]
    public void ImageBelowFormat13HasNoSummaryAndIsReadThroughItsIndex()
    {
        byte[] image = TwoTasks(new ImageWriterOptions { Compatibility = FormatVersion.V1_2 }).Write();
        string path = Save(image);

        using var reader = ImageSummaryReader.Open(path);

        Assert.DoesNotContain(ImageBytes.Sections(image), s => s.Header.Type == SectionType.Summary);
        Assert.Equal(SummarySource.Index, reader.Source);
        Assert.Null(reader.FallbackReason);
        Assert.NotNull(reader.Index);
        Assert.True(ImageSummary.FromIndex(reader.Index!, TestImage.PageSize).SameAs(reader.Summary));
        Assert.Equal(2, reader.ReadMetadata().Tasks.Count);
    }

    [Fact]
    public void SignedImageKeepsTheSignatureLastAndTheSummaryFindsIt()
    {
        using ImageSigner signer = ImageSigner.Hmac(s_secret);
        byte[] image = TwoTasks(new ImageWriterOptions { Signer = signer }).Write();
        string path = Save(image);

        using var fromSummary = ImageSummaryReader.Open(path);
        using var fromIndex = ImageSummaryReader.Open(path, useSummary: false);

        var sections = ImageBytes.Sections(image);
        Assert.Equal(SectionType.Signature, sections[^2].Header.Type);
        Assert.Equal(SectionType.Summary, sections[^3].Header.Type);
        Assert.Equal(SummarySource.Summary, fromSummary.Source);
        Assert.True(fromSummary.Summary.SameAs(fromIndex.Summary));
        Assert.Equal(fromIndex.FindSignature(), fromSummary.FindSignature());
        Assert.Equal(SignatureStatus.Verified, ImageSignatures.Verify(path, SignatureVerifier.Hmac(s_secret)).Status);
    }

    [Fact]
    public void DamagedSummaryFallsBackToTheIndexWithTheSameResult()
    {
        byte[] image = TwoTasks().Write();
        long offset = ImageBytes.SectionOffset(image, SectionType.Summary);
        image[offset + SectionLayout.HeaderLength + SummaryLayout.EntriesOffset + 1] ^= 0x40;
        string path = Save(image);

        using var damaged = ImageSummaryReader.Open(path);
        using var fromIndex = ImageSummaryReader.Open(path, useSummary: false);

        Assert.Equal(SummarySource.Index, damaged.Source);
        Assert.Contains("SUMMARY", damaged.FallbackReason, StringComparison.Ordinal);
        Assert.Contains("CRC32C mismatch", damaged.FallbackReason, StringComparison.Ordinal);
        Assert.True(damaged.Summary.SameAs(fromIndex.Summary));
    }

    [Fact]
    public void SummaryBitWithoutASummarySectionFallsBackToTheIndex()
    {
        // The index's last entry is retyped, as if the writer had announced a summary and not written it.
        byte[] image = TwoTasks().Write();
        int last = ImageBytes.IndexEntryOf(image, SectionType.Summary);
        ImageBytes.PatchIndexEntry(image, last, entry => BinaryPrimitives.WriteUInt32LittleEndian(entry, 0x77));
        string path = Save(image);

        using var reader = ImageSummaryReader.Open(path);

        Assert.Equal(SummarySource.Index, reader.Source);
        Assert.Contains("not SUMMARY", reader.FallbackReason, StringComparison.Ordinal);
    }

    [Fact]
    public void DamagedMetadataSectionIsAnErrorNotAFallback()
    {
        byte[] image = TwoTasks().Write();
        long offset = ImageBytes.SectionOffset(image, SectionType.Task);
        image[offset + SectionLayout.HeaderLength + 10] ^= 0x01;
        string path = Save(image);

        using var reader = ImageSummaryReader.Open(path);

        Assert.Equal(SummarySource.Summary, reader.Source);
        var error = Assert.Throws<SnapshotFormatException>(() => reader.ReadMetadata());
        Assert.Equal("TASK", error.Section);
    }

    private static TestImage TwoTasks(ImageWriterOptions? options = null)
    {
        var image = new TestImage { Options = options ?? new ImageWriterOptions() };
        image.Tasks.Add(TestTask.Create(1, seed: 3, dataPages: 70));
        image.Tasks.Add(TestTask.Create(2, seed: 4, dataPages: 5, extraAreas: 1));
        return image;
    }

    private string Save(byte[] image)
    {
        string path = _scratch.File($"image-{Guid.NewGuid():n}.snap");
        File.WriteAllBytes(path, image);
        return path;
    }

    private static string Serialize(ImageMetadata metadata) =>
        string.Join("\n", metadata.Tasks.Select(t => $"{t.Task.TaskId} {t.Task.Name} {t.Areas.Count} {t.Threads.Count}"))
        + $"\n{string.Join(",", metadata.Checkpoint.TaskIds)} {metadata.Header.Version}";
}
