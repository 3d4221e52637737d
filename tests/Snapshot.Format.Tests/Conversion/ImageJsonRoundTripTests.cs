using Snapshot.Format.Conversion;
using Snapshot.Format.Sections;
using Snapshot.Format.Tests.Support;

namespace Snapshot.Format.Tests.Conversion;

/// <summary>Decode then encode gives back the image byte for byte: every golden fixture, and writer images of every shape.</summary>
public sealed class ImageJsonRoundTripTests
{
    public static TheoryData<string> FixtureNames() => [.. Fixtures.Names()];

    [Theory]
    [MemberData(nameof(FixtureNames))]
    public void EveryFixtureRoundTripsByteForByte(string fixture)
    {
        byte[] original = File.ReadAllBytes(Fixtures.Path(fixture));

        byte[] encoded = ImageJson.Encode(ImageJson.Decode(Fixtures.Path(fixture)));

        Assert.Equal(original, encoded);
    }

    [Theory]
    [MemberData(nameof(FixtureNames))]
    public void DecodingTheEncodedImageGivesTheSameDocument(string fixture)
    {
        using var directory = new TempDirectory();
        byte[] json = ImageJson.Decode(Fixtures.Path(fixture));

        byte[] again = ImageJson.Decode(ImageJson.Encode(json), directory);

        Assert.Equal(json, again);
    }

    // The fixtures were compressed by the libzstd the writer-determinism tests already pin; recompressing at the
    // writer's level must give the same stored bytes, so the document without them still round-trips here.
    [Theory]
    [MemberData(nameof(FixtureNames))]
    public void WithoutStoredBytesEveryFixtureIsRecompressedToTheSameBytes(string fixture)
    {
        byte[] json = ImageJson.Decode(Fixtures.Path(fixture), new ImageJsonDecodeOptions { IncludeStoredBytes = false });

        Assert.DoesNotContain("\"bytes\"", System.Text.Encoding.UTF8.GetString(json), StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(Fixtures.Path(fixture)), ImageJson.Encode(json));
    }

    // jq 1.6 and JavaScript read numbers as doubles: a larger integer written as a number would come back rounded
    // from any edit made with them, silently changing a field nobody edited.
    [Theory]
    [MemberData(nameof(FixtureNames))]
    public void EveryNumberSurvivesATripThroughADouble(string fixture)
    {
        using var document = System.Text.Json.JsonDocument.Parse(ImageJson.Decode(Fixtures.Path(fixture)));
        var numbers = new List<System.Text.Json.JsonElement>();
        Collect(document.RootElement, numbers);

        Assert.NotEmpty(numbers);
        Assert.All(numbers, n => Assert.True(n.TryGetUInt64(out ulong value) && (ulong)(double)value == value, n.GetRawText()));
        string text = System.Text.Encoding.UTF8.GetString(ImageJson.Decode(Fixtures.Path(fixture)));
        Assert.Contains("\"rng_state\": \"0x", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 19)]
    [InlineData(64, 3)]
    public void WriterImagesOfEveryChunkGeometryRoundTrip(int pagesPerChunk, int level)
    {
        using var directory = new TempDirectory();
        var image = new TestImage { Options = new ImageWriterOptions { PagesPerChunk = pagesPerChunk, CompressionLevel = level } };
        image.Tasks.Add(TestTask.Create(1, seed: 3, dataPages: 20));
        image.Tasks.Add(TestTask.Create(2, seed: 4, dataPages: 5, extraAreas: 0));
        byte[] original = image.Write();

        Assert.Equal(original, ImageJson.Encode(ImageJson.Decode(original, directory)));
    }

    [Fact]
    public void RawChunksOfIncompressiblePagesRoundTrip()
    {
        using var directory = new TempDirectory();
        var image = TestImage.Small(seed: 9);
        var random = new Random(9);
        image.Tasks[0].Pages[2] = [TestTask.Page(0, random, compressible: false), TestTask.Page(3, random, compressible: false)];
        byte[] original = image.Write();

        byte[] json = ImageJson.Decode(original, directory);

        Assert.Contains("\"raw\"", System.Text.Encoding.UTF8.GetString(json), StringComparison.Ordinal);
        Assert.Equal(original, ImageJson.Encode(json));
    }

    [Fact]
    public void SectionsThisLibraryDoesNotReadAreKeptAsPayloadWithTheirIndexIdentity()
    {
        using var directory = new TempDirectory();
        using var buffer = new MemoryStream();
        using (ImageWriter writer = ImageWriter.Create(buffer, TestImage.Profile.Stamp))
        {
            writer.WriteCheckpoint(new CheckpointRecord([], KilledAfter: false));
            writer.WriteOpaqueSection((SectionType)0x0077, 3, SectionFlags.None, [1, 2, 3, 4, 5]);
            writer.WriteOpaqueSection(SectionType.Task, 2, SectionFlags.None, [9, 9, 9]);
            writer.Complete();
        }
        byte[] original = buffer.ToArray();
        // A newer writer may fill the identity fields of its own sections' index entries.
        ImageBytes.PatchIndexEntry(original, 1, entry => entry[Layout.IndexLayout.TaskIdOffset] = 42);
        using (ImageReader reader = ImageReader.Open(WriteFile(directory, original)))
            Assert.Equal(42UL, reader.Index[1].TaskId);

        byte[] json = ImageJson.Decode(original, directory);

        var tree = ImageJson.Tree(json);
        Assert.Equal("AQIDBAU=", (string?)ImageJson.Section(tree, "0x0077")["payload"]);
        Assert.NotNull(ImageJson.Section(tree, "0x0077")["indexIdentity"]);
        Assert.Equal("CQkJ", (string?)ImageJson.Section(tree, "TASK")["payload"]);
        Assert.Equal(original, ImageJson.Encode(json));
    }

    [Fact]
    public void ImageOfAnUnknownBuildKeepsItsBlobsAsHexAndRoundTrips()
    {
        using var directory = new TempDirectory();
        var stamp = TestImage.Profile.Stamp with { BuildId = Hash256.Compute("a build nobody released"u8) };
        TestTask task = TestTask.Create(1, seed: 2, dataPages: 3);
        using var buffer = new MemoryStream();
        using (ImageWriter writer = ImageWriter.Create(buffer, stamp))
        {
            writer.WriteCheckpoint(new CheckpointRecord([1], KilledAfter: false));
            writer.WriteTask(task.Task);
            writer.WriteAreas(1, task.Areas);
            writer.WriteThread(task.Threads[0]);
            writer.Complete();
        }
        byte[] original = buffer.ToArray();

        byte[] json = ImageJson.Decode(original, directory);

        var tree = ImageJson.Tree(json);
        Assert.Null(tree["header"]!["build"]!["profile"]);
        Assert.Equal(Convert.ToHexStringLower(task.Task.KernelTask.Span), (string?)ImageJson.Section(tree, "TASK")["kernelTask"]);
        Assert.Equal(Convert.ToHexStringLower(task.Threads[0].KernelStack.Span), (string?)ImageJson.Section(tree, "THREAD")["kernelStack"]);
        Assert.Equal(original, ImageJson.Encode(json));
    }

    [Fact]
    public void FieldsCannotBeGivenForAnUnknownBuild()
    {
        byte[] json = ImageJson.Edit(ImageJson.Decode(Fixtures.Path("ckpt.snap")), tree =>
        {
            tree["header"]!["build"]!["buildId"] = Hash256.Compute("a build nobody released"u8).ToString();
            tree["header"]!["build"]!.AsObject().Remove("profile");
        });

        var refusal = ImageJson.Refusal(json);

        Assert.Equal("$.sections[1].kernelTask", refusal.Path);
        Assert.Contains("not a known build", refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void HeaderFeatureBitsAndNamesAreKeptExactly()
    {
        using var directory = new TempDirectory();
        using var buffer = new MemoryStream();
        FeatureName[] names =
        [
            new(FeatureKind.Incompatible, 0, "zstd"),
            new(FeatureKind.Compatible, 5, "fancy-thing"),
            new(FeatureKind.Autoclear, 9, "bit 3"),
        ];
        using (ImageWriter writer = ImageWriter.Create(buffer, TestImage.Profile.Stamp, null,
                   new FeatureSet(Features.IncompatZstd, 1UL << 5 | 1UL << 7, 1UL << 9 | 1UL << 3), names))
        {
            writer.WriteCheckpoint(new CheckpointRecord([], KilledAfter: false));
            writer.Complete();
        }
        byte[] original = buffer.ToArray();

        byte[] json = ImageJson.Decode(original, directory);

        var features = ImageJson.Tree(json)["header"]!["features"]!;
        Assert.Equal(["fancy-thing", "bit 7"], features["compatible"]!.AsArray().Select(n => (string?)n));
        Assert.Equal(["bit 3", "bit 9"], features["autoclear"]!.AsArray().Select(n => (string?)n));
        Assert.Equal(original, ImageJson.Encode(json));
    }

    private static void Collect(System.Text.Json.JsonElement element, List<System.Text.Json.JsonElement> numbers)
    {
        switch (element.ValueKind)
        {
            case System.Text.Json.JsonValueKind.Number:
                numbers.Add(element);
                break;
            case System.Text.Json.JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                    Collect(property.Value, numbers);
                break;
            case System.Text.Json.JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                    Collect(item, numbers);
                break;
        }
    }

    private static string WriteFile(TempDirectory directory, byte[] image)
    {
        string path = directory.File($"{Guid.NewGuid():N}.snap");
        File.WriteAllBytes(path, image);
        return path;
    }
}
