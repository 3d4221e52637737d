using Snapshot.Format.Conversion;
using Snapshot.Format.Layout;
using Snapshot.Format.Tests.Support;

namespace Snapshot.Format.Tests.Conversion;

/// <summary>Decode reads as strictly as reading does, and refuses bytes its document could not carry.</summary>
public sealed class ImageJsonDecoderRefusalTests
{
    [Fact]
    public void DamagedPayloadFailsLikeReading()
    {
        using var directory = new TempDirectory();
        byte[] image = File.ReadAllBytes(Fixtures.Path("ckpt.snap"));
        image[0x1d0 + SectionLayout.HeaderLength + 20] ^= 0xff;

        var error = Assert.Throws<SnapshotFormatException>(() => ImageJson.Decode(image, directory));

        Assert.Equal("THREAD", error.Section);
        Assert.Equal(0x1d0, error.Offset);
        Assert.StartsWith("payload CRC32C mismatch", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void DamagedChunkContentFailsOnItsHash()
    {
        using var directory = new TempDirectory();
        byte[] image = TestImage.Small().Write();
        long chunk = ImageBytes.SectionOffset(image, SectionType.MemoryChunk);
        image[chunk + SectionLayout.HeaderLength + ChunkLayout.ContentHashOffset] ^= 1;
        ImageBytes.ResealPayload(image, chunk);

        var error = Assert.Throws<SnapshotFormatException>(() => ImageJson.Decode(image, directory));

        Assert.Equal("MEMCHUNK", error.Section);
    }

    [Fact]
    public void NonZeroPaddingIsRefusedRatherThanDropped()
    {
        using var directory = new TempDirectory();
        byte[] image = File.ReadAllBytes(Fixtures.Path("ckpt.snap"));
        // A THREAD payload of spartan-0.4 is 268 bytes: 4 bytes of padding follow it, covered by no CRC.
        (long offset, var header) = ImageBytes.Sections(image).First(s => s.Header.Type == SectionType.Thread);
        Assert.NotEqual(0, SectionLayout.PaddingAfter(header.PayloadLength));
        image[offset + SectionLayout.HeaderLength + header.PayloadLength] = 1;

        var error = Assert.Throws<SnapshotFormatException>(() => ImageJson.Decode(image, directory));

        Assert.Equal("padding after the payload is not zero", error.Reason);
    }

    [Fact]
    public void AHeaderClaimingARepairOverAnImageWithoutOneIsRefused()
    {
        // Found by fuzzing: a repaired image's header spliced onto another image's sections. Every section is
        // fine on its own; the image is not, and decode used to accept it, leaving encode to refuse the document.
        using var directory = new TempDirectory();
        byte[] repaired = File.ReadAllBytes(Fixtures.Path("repaired-prodcons.snap"));
        byte[] signed = File.ReadAllBytes(Fixtures.Path("signed-ckpt.snap"));
        Assert.Equal(ImageBytes.HeaderLength(repaired), ImageBytes.HeaderLength(signed));
        byte[] image = [.. repaired.AsSpan(0, ImageBytes.HeaderLength(repaired)), .. signed.AsSpan(ImageBytes.HeaderLength(signed))];

        var error = Assert.Throws<SnapshotFormatException>(() => ImageJson.Decode(image, directory));

        Assert.Equal("REPAIR", error.Section);
        Assert.Contains("the header has the \"repaired\" feature bit but the image has no REPAIR section", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void GarbageIsNotAnImage()
    {
        using var directory = new TempDirectory();

        var error = Assert.Throws<SnapshotFormatException>(() => ImageJson.Decode("garbage"u8.ToArray(), directory));

        Assert.Equal("header", error.Section);
    }

    [Fact]
    public void BlobThatItsFieldsDoNotReproduceIsKeptAsHex()
    {
        using var directory = new TempDirectory();
        var image = TestImage.Small();
        TestTask task = image.Tasks[0];
        byte[] blob = task.Task.KernelTask.ToArray();
        Array.Resize(ref blob, blob.Length + 8);
        image.Tasks[0] = new TestTask { Task = task.Task with { KernelTask = blob }, Areas = task.Areas, Threads = task.Threads, Pages = task.Pages };
        byte[] original = image.Write();

        byte[] json = ImageJson.Decode(original, directory);

        Assert.Equal(Convert.ToHexStringLower(blob), (string?)ImageJson.Section(ImageJson.Tree(json), "TASK")["kernelTask"]);
        Assert.Equal(original, ImageJson.Encode(json));
    }
}
