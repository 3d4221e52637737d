using System.Text;
using System.Text.Json.Nodes;
using Snapshot.Format.Conversion;
using Snapshot.Format.Tests.Support;

namespace Snapshot.Format.Tests.Conversion;

/// <summary>
/// The encoder reads its document a section at a time from any stream, whatever sizes the stream's reads come in,
/// and the order that allows ("snapconv" and "header" before "sections") is the only one it accepts.
/// </summary>
public sealed class ImageJsonStreamingTests
{
    private static readonly byte[] s_ckpt = ImageJson.Decode(Fixtures.Path("ckpt.snap"));

    [Fact]
    public void ADocumentArrivingInSmallUnevenReadsEncodesToTheSameImage()
    {
        using var directory = new TempDirectory();
        byte[] original = LargeImage();
        byte[] json = ImageJson.Decode(original, directory);
        Assert.True(json.Length > 3 << 20, $"the document is only {json.Length} bytes: it must outgrow the first buffer");

        Assert.Equal(original, EncodeTrickled(json, seed: 1));
    }

    [Fact]
    public void ASyntaxErrorDeepInALongDocumentNamesItsLineInTheWholeDocument()
    {
        using var directory = new TempDirectory();
        string[] lines = Encoding.UTF8.GetString(ImageJson.Decode(LargeImage(), directory)).Split('\n');
        int broken = Array.FindLastIndex(lines, line => line.Contains("\"threadId\"", StringComparison.Ordinal));
        lines[broken] = lines[broken].Replace(":", ": :", StringComparison.Ordinal);

        var refusal = Assert.Throws<ImageJsonException>(() => EncodeTrickled(Encoding.UTF8.GetBytes(string.Join('\n', lines)), seed: 2));

        Assert.Equal("$", refusal.Path);
        Assert.StartsWith($"not valid JSON at line {broken + 1},", refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TheHeaderMayComeBeforeTheVersion()
    {
        JsonObject tree = ImageJson.Tree(s_ckpt);
        var reordered = new JsonObject
        {
            ["header"] = tree["header"]!.DeepClone(),
            ["snapconv"] = tree["snapconv"]!.DeepClone(),
            ["sections"] = tree["sections"]!.DeepClone(),
        };

        Assert.Equal(File.ReadAllBytes(Fixtures.Path("ckpt.snap")), ImageJson.Encode(ImageJson.Bytes(reordered)));
    }

    [Fact]
    public void SectionsBeforeTheHeaderAreRefusedNamingTheOrder()
    {
        JsonObject tree = ImageJson.Tree(s_ckpt);
        var reordered = new JsonObject
        {
            ["snapconv"] = tree["snapconv"]!.DeepClone(),
            ["sections"] = tree["sections"]!.DeepClone(),
            ["header"] = tree["header"]!.DeepClone(),
        };

        var refusal = ImageJson.Refusal(ImageJson.Bytes(reordered));

        Assert.Equal("$", refusal.Path);
        Assert.Equal("missing field 'header' (it comes before 'sections')", refusal.Reason);
    }

    [Fact]
    public void AKnownFieldAfterTheSectionsIsRefused()
    {
        byte[] json = ImageJson.Bytes(new JsonObject
        {
            ["snapconv"] = 1,
            ["header"] = ImageJson.Tree(s_ckpt)["header"]!.DeepClone(),
            ["sections"] = ImageJson.Tree(s_ckpt)["sections"]!.DeepClone(),
        });
        string text = Encoding.UTF8.GetString(json);
        byte[] twice = Encoding.UTF8.GetBytes(text[..text.LastIndexOf('}')] + ",\"snapconv\":1}");

        var refusal = ImageJson.Refusal(twice);

        Assert.Equal("$", refusal.Path);
        Assert.Equal("field 'snapconv' appears twice", refusal.Reason);
    }

    [Fact]
    public void AnUnknownFieldAfterTheSectionsIsRefusedByItsPath()
    {
        var refusal = ImageJson.Refusal(ImageJson.Edit(s_ckpt, tree => tree["comment"] = "added by hand"));

        Assert.Equal("$.comment", refusal.Path);
        Assert.StartsWith("unknown field 'comment'", refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TextAfterTheRootObjectIsRefused()
    {
        byte[] json = [.. s_ckpt, .. "{}"u8];

        var refusal = ImageJson.Refusal(json);

        Assert.Equal("$", refusal.Path);
        Assert.StartsWith("not valid JSON", refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void SectionsThatAreNotAnArrayAreRefused()
    {
        var refusal = ImageJson.Refusal(ImageJson.Edit(s_ckpt, tree => tree["sections"] = new JsonObject()));

        Assert.Equal("$.sections", refusal.Path);
        Assert.Equal("expected an array of sections", refusal.Reason);
    }

    [Fact]
    public void AValueLargerThanTheLimitIsRefusedWithoutReadingTheRest()
    {
        // A 3 MiB string against a 2 MiB limit; the stream would go on for a further 64 MiB.
        byte[] start = Encoding.ASCII.GetBytes("[\"" + new string('a', 3 << 20) + "\"]");
        var document = new PipeStream(start.Length + (64L << 20), at => at < start.Length ? start[at] : (byte)0, seed: 3);
        var json = new JsonValueStream(document, maxDepth: 4, maxValueBytes: 2 << 20);
        Assert.Equal(System.Text.Json.JsonTokenType.StartArray, json.Next("$", out _));

        var refusal = Assert.Throws<ImageJsonException>(() => json.NextValue("$[0]"));

        Assert.Equal("$[0]", refusal.Path);
        Assert.Equal($"one value of the document is more than the limit of {2 << 20} bytes", refusal.Reason);
        Assert.True(document.Position < 3 << 20, $"read {document.Position} bytes");
    }

    [Fact]
    public void AnEmptyDocumentIsRefusedAsInvalidJson()
    {
        var refusal = ImageJson.Refusal([]);

        Assert.Equal("$", refusal.Path);
        Assert.StartsWith("not valid JSON at line 1", refusal.Reason, StringComparison.Ordinal);
    }

    /// <summary>
    /// About 1 MiB of incompressible memory in 8-page chunks, and a section this library does not read whose 1.5 MiB
    /// payload is one base64 value bigger than the encoder's first buffer.
    /// </summary>
    private static byte[] LargeImage()
    {
        TestTask task = TestTask.Create(1, seed: 5, dataPages: 0);
        var random = new Random(5);
        task.Pages[2] = [.. Enumerable.Range(0, 256).Select(i => TestTask.Page((ulong)i, random, compressible: i % 3 == 0))];
        byte[] opaque = new byte[3 << 19];
        random.NextBytes(opaque);
        var image = new TestImage
        {
            Options = new ImageWriterOptions { PagesPerChunk = 8 },
            WriteMore = writer => writer.WriteOpaqueSection((SectionType)0x0077, 1, SectionFlags.None, opaque),
        };
        image.Tasks.Add(task);
        return image.Write();
    }

    private static byte[] EncodeTrickled(byte[] json, int seed)
    {
        using var image = new MemoryStream();
        ImageJsonEncoder.Encode(new PipeStream(json.Length, at => json[at], seed), image);
        return image.ToArray();
    }

    /// <summary>
    /// A read-only, unseekable stream of <paramref name="length"/> bytes, byte i being <paramref name="at"/>(i), handed
    /// over in reads of 1..8191 bytes as a pipe does; <see cref="Stream.Position"/> counts what was read.
    /// </summary>
    private sealed class PipeStream(long length, Func<long, byte> at, int seed) : Stream
    {
        private readonly Random _random = new(seed);
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = (int)Math.Min(Math.Min(count, _random.Next(1, 8192)), length - _position);
            for (int i = 0; i < n; i++)
                buffer[offset + i] = at(_position + i);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
