using System.Text;
using System.Text.Json.Nodes;
using Snapshot.Format.Conversion;

namespace Snapshot.Format.Tests.Conversion;

/// <summary>
/// A document that is malformed, hostile or describes an unreadable image is refused with one
/// <see cref="ImageJsonException"/> naming the JSON path, and nothing is written.
/// </summary>
public sealed class ImageJsonEncoderRefusalTests
{
    private static readonly byte[] s_ckpt = ImageJson.Decode(Fixtures.Path("ckpt.snap"));

    [Fact]
    public void MissingFieldIsNamedByItsPath()
    {
        var refusal = Refuse(tree => ImageJson.Section(tree, "TASK")["kernelTask"]!.AsObject().Remove("state"));

        Assert.Equal("$.sections[1].kernelTask", refusal.Path);
        Assert.Equal("missing field 'state'", refusal.Reason);
    }

    [Fact]
    public void WrongTypeIsNamedByItsPath()
    {
        var refusal = Refuse(tree => ImageJson.Section(tree, "THREAD")["threadId"] = "one");

        Assert.Equal("$.sections[3].threadId", refusal.Path);
        Assert.Contains("expected an unsigned integer", refusal.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1.5)]
    [InlineData(4294967296.0)]
    public void NumbersOutOfRangeAreRefused(double value)
    {
        var refusal = Refuse(tree => ImageJson.Section(tree, "THREAD")["threadId"] = value);

        Assert.Equal("$.sections[3].threadId", refusal.Path);
    }

    [Fact]
    public void UnknownSectionTypeNameIsRefused()
    {
        var refusal = Refuse(tree => ImageJson.Section(tree, "AREAS")["type"] = "AREAZ");

        Assert.Equal("$.sections[2].type", refusal.Path);
        Assert.StartsWith("unknown section type 'AREAZ'", refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void KnownTypeSpeltInHexIsRefused()
    {
        var refusal = Refuse(tree => ImageJson.Section(tree, "AREAS")["type"] = "0x0011");

        Assert.Equal("section type 0x0011 is called 'AREAS'", refusal.Reason);
    }

    [Fact]
    public void AnIndexSectionIsRefused()
    {
        var refusal = Refuse(tree => ImageJson.Section(tree, "AREAS")["type"] = "INDEX");

        Assert.Equal("$.sections[2].type", refusal.Path);
        Assert.Contains("rebuilt", refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void MisspeltFieldIsRefusedNotIgnored()
    {
        var refusal = Refuse(tree => ImageJson.Section(tree, "CHECKPOINT")["killedAftr"] = true);

        Assert.Equal("$.sections[0].killedAftr", refusal.Path);
        Assert.StartsWith("unknown field 'killedAftr'", refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void RepeatedFieldIsRefused()
    {
        string text = Encoding.UTF8.GetString(s_ckpt).Replace("\"killedAfter\": true", "\"killedAfter\": true, \"killedAfter\": false", StringComparison.Ordinal);

        var refusal = ImageJson.Refusal(Encoding.UTF8.GetBytes(text));

        Assert.Equal("$.sections[0]", refusal.Path);
        Assert.Equal("field 'killedAfter' appears twice", refusal.Reason);
    }

    [Fact]
    public void MalformedJsonNamesLineAndByte()
    {
        var refusal = ImageJson.Refusal("{\"snapconv\": 1,\n  \"header\": [}"u8.ToArray());

        Assert.Equal("$", refusal.Path);
        Assert.StartsWith("not valid JSON at line 2", refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void DeepNestingIsRefusedWithoutExhaustingTheStack()
    {
        byte[] bomb = Encoding.ASCII.GetBytes(new string('[', 100_000) + new string(']', 100_000));

        var refusal = ImageJson.Refusal(bomb);

        Assert.Equal("$", refusal.Path);
    }

    [Fact]
    public void HugeCountIsRefusedBeforeItsItemsAreRead()
    {
        var refusal = Refuse(tree => ImageJson.Section(tree, "CHECKPOINT")["taskIds"] = new JsonArray([.. Enumerable.Repeat<JsonNode?>(null, 65_537)]));

        Assert.Equal("$.sections[0].taskIds", refusal.Path);
        Assert.Contains("more than the limit 65536", refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void OverlongStringIsRefused()
    {
        var refusal = Refuse(tree => ImageJson.Section(tree, "TASK")["name"] = new string('x', 4097));

        Assert.Equal("$.sections[1].name", refusal.Path);
        Assert.Contains("4097 UTF-8 bytes", refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void OversizedPageIsRefusedBeforeDecoding()
    {
        var refusal = Refuse(tree =>
        {
            var pages = ImageJson.Section(tree, "MEMCHUNK")["pages"]!.AsObject();
            pages[pages.First().Key] = Convert.ToBase64String(new byte[1 << 20]);
        });

        Assert.StartsWith("$.sections[4].pages", refusal.Path, StringComparison.Ordinal);
        Assert.Contains("more than the limit 4096", refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void PageOutsideItsChunkIsRefused()
    {
        var refusal = Refuse(tree => ImageJson.Section(tree, "MEMCHUNK")["pages"]!["64"] = Convert.ToBase64String(new byte[4096]));

        Assert.Equal("$.sections[4].pages['64']", refusal.Path);
        Assert.Contains("is not a page of chunk 0", refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ChunkWithoutPagesIsRefused()
    {
        var refusal = Refuse(tree => ImageJson.Section(tree, "MEMCHUNK")["pages"] = new JsonObject());

        Assert.Equal("$.sections[4].pages", refusal.Path);
    }

    [Fact]
    public void StoredBytesThatDoNotDecodeToThePagesAreRefused()
    {
        var refusal = Refuse(tree =>
        {
            var stored = ImageJson.Section(tree, "MEMCHUNK")["stored"]!;
            stored["codec"] = "zstd";
            stored["bytes"] = Convert.ToBase64String([0x28, 0xb5, 0x2f, 0xfd, 1, 2, 3]);
        });

        Assert.Equal("$.sections[4].stored.bytes", refusal.Path);
        Assert.Contains("does not decode", refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void FieldOfAnotherBuildIsRefused()
    {
        var refusal = Refuse(tree => ImageJson.Section(tree, "THREAD")["kernelStack"]!["stop_site"] = "nowhere");

        Assert.Equal("$.sections[3].kernelStack.stop_site", refusal.Path);
        Assert.Equal("build spartan-0.4 has no stop site 'nowhere'", refusal.Reason);
    }

    [Fact]
    public void ValueTooWideForItsFieldIsRefused()
    {
        var refusal = Refuse(tree => ImageJson.Section(tree, "THREAD")["kernelThread"]!["rank"] = 1L << 40);

        Assert.Equal("$.sections[3].kernelThread.rank", refusal.Path);
    }

    [Fact]
    public void WrongLengthHashIsRefused()
    {
        var refusal = Refuse(tree => ImageJson.Section(tree, "TASK")["programHash"] = "abcd");

        Assert.Equal("$.sections[1].programHash", refusal.Path);
    }

    [Fact]
    public void ProfileThatIsNotTheBuildIdsIsRefused()
    {
        var refusal = Refuse(tree => tree["header"]!["build"]!["profile"] = "spartan-9.9");

        Assert.Equal("$.header.build.profile", refusal.Path);
        Assert.Contains("snapupgrade", refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void SectionsOutOfOrderAreRefusedByReadingBackNamingTheSection()
    {
        var refusal = Refuse(tree =>
        {
            var sections = tree["sections"]!.AsArray();
            JsonNode task = sections[1]!;
            sections.RemoveAt(1);
            sections.Insert(0, task);
        });

        Assert.Equal("$.sections[0]", refusal.Path);
        Assert.Contains("the image would not read back: section TASK at offset 0x80: TASK section before the CHECKPOINT section", refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownCriticalSectionIsRefusedByReadingBack()
    {
        var refusal = Refuse(tree => tree["sections"]!.AsArray().Add(new JsonObject
        {
            ["type"] = "0x0077", ["version"] = 1, ["flags"] = new JsonArray("critical"), ["payload"] = "AAAA",
        }));

        Assert.Equal("$.sections[7]", refusal.Path);
        Assert.Contains("critical section type 0x0077", refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void OtherDocumentVersionIsRefused()
    {
        var refusal = Refuse(tree => tree["snapconv"] = 2);

        Assert.Equal("$.snapconv", refusal.Path);
    }

    [Fact]
    public void RefusedDocumentWritesNothing()
    {
        using var destination = new MemoryStream();

        Assert.Throws<ImageJsonException>(() => ImageJsonEncoder.Encode(
            new MemoryStream(ImageJson.Edit(s_ckpt, tree => ImageJson.Section(tree, "CHECKPOINT")["killedAfter"] = 3)), destination));

        Assert.Equal(0, destination.Length);
    }

    private static ImageJsonException Refuse(Action<JsonObject> edit) => ImageJson.Refusal(ImageJson.Edit(s_ckpt, edit));
}
