using System.Buffers.Binary;
using Snapshot.Format.Tests.Support;

namespace Snapshot.Format.Tests;

public class ImageReaderOpenTests
{
    [Fact]
    public void Metadata_of_a_large_image_costs_a_few_KiB()
    {
        using var dir = new TempDirectory();
        var image = TestImage.Small();
        var random = new Random(1);
        image.Tasks[0].Pages[2] = [.. Enumerable.Range(0, 256).Select(i => TestTask.Page((ulong)i, random, compressible: false))];
        string path = image.WriteFile(dir);

        using ImageReader reader = ImageReader.Open(path);
        ImageMetadata metadata = reader.ReadMetadata();
        Assert.True(reader.Length > 1_000_000);
        Assert.True(reader.BytesRead < 8 * 1024, $"read {reader.BytesRead} bytes");
        Assert.Equal(256, reader.Index.Where(e => e.AreaId == 2).Sum(e => e.PresentPages));
        Assert.Single(metadata.Tasks);
    }

    [Fact]
    public void A_higher_minor_version_reads()
    {
        using var dir = new TempDirectory();
        byte[] image = TestImage.Small().Write();
        BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan(10), 7);
        ImageBytes.ResealHeader(image);
        string path = dir.File("minor.snap");
        File.WriteAllBytes(path, image);

        using ImageReader reader = ImageReader.Open(path);
        Assert.Equal(new FormatVersion(1, 7), reader.Header.Version);
        Assert.Equal("1.7", reader.Header.Version.ToString());
        Assert.Single(reader.ReadMetadata().Tasks);
    }

    [Fact]
    public void An_unknown_major_version_is_refused()
    {
        using var dir = new TempDirectory();
        byte[] image = TestImage.Small().Write();
        BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan(8), 2);
        BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan(10), 0);
        ImageBytes.ResealHeader(image);
        string path = dir.File("major.snap");
        File.WriteAllBytes(path, image);

        var e = Assert.Throws<SnapshotFormatException>(() => ImageReader.Open(path));
        Assert.Equal("header", e.Section);
        Assert.Contains("2.0", e.Reason);
    }

    [Fact]
    public void An_unknown_incompatible_feature_is_refused_by_its_name()
    {
        using var dir = new TempDirectory();
        string path = dir.File("feature.snap");
        // Bit 7: bits 0..5 are known since format 1.3.
        WriteWithFeatures(path, new FeatureSet(Features.IncompatZstd | 1UL << 7, 0, 0),
            [new(FeatureKind.Incompatible, 0, "zstd"), new(FeatureKind.Incompatible, 7, "shared-pages")]);

        var e = Assert.Throws<SnapshotFormatException>(() => ImageReader.Open(path));
        Assert.Contains("\"shared-pages\" (bit 7)", e.Message);
        var streamed = Assert.Throws<SnapshotFormatException>(() => ImageStreamReader.Read(File.OpenRead(path)));
        Assert.Contains("shared-pages", streamed.Message);
    }

    [Fact]
    public void An_unknown_incompatible_feature_without_a_name_is_refused_as_a_bit()
    {
        using var dir = new TempDirectory();
        string path = dir.File("feature.snap");
        WriteWithFeatures(path, new FeatureSet(Features.IncompatZstd | 1UL << 63, 0, 0), [new(FeatureKind.Incompatible, 0, "zstd")]);

        var e = Assert.Throws<SnapshotFormatException>(() => ImageReader.Open(path));
        Assert.Contains("bit 63", e.Message);
    }

    [Fact]
    public void Unknown_compatible_and_autoclear_features_are_ignored()
    {
        using var dir = new TempDirectory();
        string path = dir.File("feature.snap");
        WriteWithFeatures(path, new FeatureSet(Features.IncompatZstd, 1UL << 3, 1UL << 9),
            [new(FeatureKind.Incompatible, 0, "zstd"), new(FeatureKind.Compatible, 3, "timestamps")]);

        using ImageReader reader = ImageReader.Open(path);
        Assert.Equal(1UL << 3, reader.Header.Features.Compatible);
        Assert.Equal("timestamps", reader.Header.DescribeFeature(FeatureKind.Compatible, 3));
        Assert.Equal("bit 9", reader.Header.DescribeFeature(FeatureKind.Autoclear, 9));
        Assert.Empty(reader.ReadMetadata().Tasks);
    }

    [Fact]
    public void An_unknown_critical_section_is_refused()
    {
        using var dir = new TempDirectory();
        string path = dir.File("critical.snap");
        File.WriteAllBytes(path, WithOpaqueSection((SectionType)0x0077, 1, SectionFlags.Critical));

        var e = Assert.Throws<SnapshotFormatException>(() => ImageReader.Open(path));
        Assert.Equal("0x0077", e.Section);
        Assert.Contains("critical", e.Reason);
        Assert.NotNull(ImageChecks.StreamFully(File.ReadAllBytes(path)));
        Assert.True(ImageChecks.ValidatorObjects(path));
    }

    [Fact]
    public void A_critical_section_of_an_unknown_version_is_refused()
    {
        using var dir = new TempDirectory();
        string path = dir.File("version.snap");
        File.WriteAllBytes(path, WithOpaqueSection(SectionType.Thread, 2, SectionFlags.Critical));
        var e = Assert.Throws<SnapshotFormatException>(() => ImageReader.Open(path));
        Assert.Contains("version 2", e.Reason);
    }

    [Fact]
    public void An_unknown_non_critical_section_is_skipped_by_every_reader()
    {
        using var dir = new TempDirectory();
        string path = dir.File("optional.snap");
        byte[] image = WithOpaqueSection((SectionType)0x0100, 1, SectionFlags.None);
        File.WriteAllBytes(path, image);

        using ImageReader reader = ImageReader.Open(path);
        Assert.Contains(reader.Index, e => e.Type == (SectionType)0x0100);
        Assert.Single(reader.ReadMetadata().Tasks);
        Assert.Null(ImageChecks.StreamFully(image));
        Assert.True(Validation.ImageValidator.Validate(path).IsValid);
    }

    [Fact]
    public void ReadChunk_refuses_an_entry_that_is_not_a_chunk()
    {
        using var dir = new TempDirectory();
        using ImageReader reader = ImageReader.Open(TestImage.Small().WriteFile(dir));
        Assert.Throws<ArgumentException>(() => reader.ReadChunk(reader.Index[0]));
    }

    private static void WriteWithFeatures(string path, FeatureSet features, FeatureName[] names)
    {
        using FileStream stream = File.Create(path);
        using ImageWriter writer = ImageWriter.Create(stream, TestImage.Profile.Stamp, null, features, names);
        writer.WriteCheckpoint(new CheckpointRecord([], false));
        writer.Complete();
    }

    private static byte[] WithOpaqueSection(SectionType type, ushort version, SectionFlags flags)
    {
        using var stream = new MemoryStream();
        using (ImageWriter writer = ImageWriter.Create(stream, TestImage.Profile.Stamp))
        {
            TestTask task = TestTask.Create(1, 1, 3);
            writer.WriteCheckpoint(new CheckpointRecord([1], false));
            writer.WriteOpaqueSection(type, version, flags, "future data!"u8);
            writer.WriteTask(task.Task);
            writer.WriteAreas(1, task.Areas);
            writer.Complete();
        }
        return stream.ToArray();
    }
}
