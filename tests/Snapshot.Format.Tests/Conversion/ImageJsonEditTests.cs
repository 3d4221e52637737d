using System.Text.Json.Nodes;
using Snapshot.Format.Kernels;
using Snapshot.Format.Tests.Support;

namespace Snapshot.Format.Tests.Conversion;

/// <summary>Hand edits of a decoded document end up in the encoded image, laid out by the image's build.</summary>
public sealed class ImageJsonEditTests
{
    [Fact]
    public void EditedProgramCounterIsLaidOutByTheBuildsKernelStackFrame()
    {
        using var directory = new TempDirectory();
        byte[] json = ImageJson.Decode(Fixtures.Path("ckpt.snap"));

        byte[] edited = ImageJson.Edit(json, tree => ImageJson.Section(tree, "THREAD")["kernelStack"]!["pc"] = 0x400060);

        CanonicalThread thread = ReadThread(ImageJson.Encode(edited), directory);
        Assert.Equal(0x400060UL, thread.Registers.Pc);
    }

    [Fact]
    public void NamedFieldsAcceptNamesAndNumbers()
    {
        using var directory = new TempDirectory();
        byte[] json = ImageJson.Decode(Fixtures.Path("sleeper.snap"));
        uint blocked = TestImage.Profile.Enums["thread_state"]["blocked"];

        byte[] edited = ImageJson.Edit(json, tree =>
        {
            JsonObject thread = ImageJson.Section(tree, "THREAD");
            thread["kernelThread"]!["state"] = blocked;
            thread["kernelThread"]!["flags"] = new JsonArray("main", "uspace");
            thread["kernelStack"]!["stop_site"] = "syscall_restart";
            thread["kernelStack"]!["syscall"] = "sleep";
            thread["kernelStack"]!["restart"] = 1;
            thread["kernelStack"]!["r3"] = "0xfffffffffffffff0";
        });

        CanonicalThread decoded = ReadThread(ImageJson.Encode(edited), directory);
        Assert.Equal(ThreadRunState.Blocked, decoded.State);
        Assert.Equal(["main", "uspace"], decoded.Flags);
        Assert.Equal("syscall_restart", decoded.StopSite);
        Assert.Equal("sleep", decoded.Syscall?.Name);
        Assert.Equal(0xfffffffffffffff0UL, decoded.Registers.R[3]);
    }

    [Fact]
    public void EditedPageIsRecompressedAndReadsBackAsEdited()
    {
        using var directory = new TempDirectory();
        byte[] json = ImageJson.Decode(Fixtures.Path("sieve.snap"));
        JsonObject tree = ImageJson.Tree(json);
        JsonObject chunk = ImageJson.Section(tree, "MEMCHUNK");
        var pages = chunk["pages"]!.AsObject();
        string firstPage = pages.First().Key;
        byte[] page = Convert.FromBase64String((string)pages[firstPage]!);
        page[100] ^= 0x5a;
        pages[firstPage] = Convert.ToBase64String(page);

        byte[] image = ImageJson.Encode(ImageJson.Bytes(tree));

        string path = directory.File("edited.snap");
        File.WriteAllBytes(path, image);
        using ImageReader reader = ImageReader.Open(path);
        IndexEntry entry = reader.Index.First(e => e.Type == SectionType.MemoryChunk);
        MemoryChunk decoded = reader.ReadChunk(entry);
        Assert.Equal(page, decoded.Pages().First().Bytes.ToArray());
        Assert.Equal(Hash256.Compute(decoded.Data.Span), decoded.ContentHash);
        Assert.True(Validation.ImageValidator.Validate(path).IsValid);
    }

    [Fact]
    public void RemovingAPageMakesItAbsent()
    {
        using var directory = new TempDirectory();
        byte[] json = ImageJson.Decode(TestImage.Small(dataPages: 40).Write(), directory);
        JsonObject tree = ImageJson.Tree(json);
        JsonObject section = tree["sections"]!.AsArray()
            .Select(s => s!.AsObject()).First(s => (string?)s["type"] == "MEMCHUNK" && s["pages"]!.AsObject().Count > 1);
        var pages = section["pages"]!.AsObject();
        int position = tree["sections"]!.AsArray().IndexOf(section);
        string removed = pages.Last().Key;
        pages.Remove(removed);

        string path = directory.File("fewer.snap");
        File.WriteAllBytes(path, ImageJson.Encode(ImageJson.Bytes(tree)));

        using ImageReader reader = ImageReader.Open(path);
        MemoryChunk chunk = reader.ReadChunk(reader.Index[position]);
        Assert.DoesNotContain(chunk.Pages(), p => p.PageIndex.ToString(System.Globalization.CultureInfo.InvariantCulture) == removed);
        Assert.Equal(pages.Count, chunk.PresentPages);
    }

    [Fact]
    public void EditedAreaAndCheckpointFieldsAreWritten()
    {
        using var directory = new TempDirectory();
        byte[] edited = ImageJson.Edit(ImageJson.Decode(Fixtures.Path("ckpt.snap")), tree =>
        {
            ImageJson.Section(tree, "CHECKPOINT")["killedAfter"] = false;
            JsonObject area = ImageJson.Section(tree, "AREAS")["areas"]![0]!.AsObject();
            area["name"] = "text ✓";
            area["access"] = new JsonArray("read");
        });

        string path = directory.File("edited.snap");
        File.WriteAllBytes(path, ImageJson.Encode(edited));

        using ImageReader reader = ImageReader.Open(path);
        ImageMetadata metadata = reader.ReadMetadata();
        Assert.False(metadata.Checkpoint.KilledAfter);
        Assert.Equal("text ✓", metadata.Tasks[0].Areas[0].Name);
        Assert.Equal(AreaFlags.Read, metadata.Tasks[0].Areas[0].Flags);
    }

    private static CanonicalThread ReadThread(byte[] image, TempDirectory directory)
    {
        string path = directory.File($"{Guid.NewGuid():N}.snap");
        File.WriteAllBytes(path, image);
        using ImageReader reader = ImageReader.Open(path);
        ImageMetadata metadata = reader.ReadMetadata();
        return CanonicalCodec.DecodeThread(metadata.Tasks[0].Threads[0], TestImage.Profile);
    }
}
