namespace Snapshot.Format.Tests;

public class SnapshotFormatExceptionMessageTests
{
    [Fact]
    public void The_message_names_section_offset_and_reason()
    {
        var e = new SnapshotFormatException("THREAD", 0x1a40, "payload CRC32C mismatch (stored 0x00000001, computed 0x00000002)");
        Assert.Equal("section THREAD at offset 0x1a40: payload CRC32C mismatch (stored 0x00000001, computed 0x00000002)", e.Message);
        Assert.Equal("THREAD", e.Section);
        Assert.Equal(0x1a40, e.Offset);
        Assert.StartsWith("payload", e.Reason);
    }

    [Fact]
    public void Missing_parts_are_left_out()
    {
        Assert.Equal("profile: bad", new SnapshotFormatException("profile", null, "bad").Message);
        Assert.Equal("header at offset 0x28: header CRC32C mismatch", new SnapshotFormatException("header", 0x28, "header CRC32C mismatch").Message);
        Assert.Equal("footer at offset 0x10: truncated", new SnapshotFormatException("footer", 0x10, "truncated").Message);
        Assert.Equal("offset 0x10: bad", new SnapshotFormatException(null, 16, "bad").Message);
        Assert.Equal("bad", new SnapshotFormatException(null, null, "bad").Message);
    }

    [Fact]
    public void Reader_errors_carry_the_absolute_offset_of_the_damage()
    {
        using var dir = new TempDirectory();
        byte[] image = Support.TestImage.Small().Write();
        long thread = Support.ImageBytes.SectionOffset(image, SectionType.Thread);
        image[thread + 40] ^= 0x01;
        string path = dir.File("damaged.snap");
        File.WriteAllBytes(path, image);

        using ImageReader reader = ImageReader.Open(path);
        var e = Assert.Throws<SnapshotFormatException>(() => reader.ReadMetadata());
        Assert.Equal("THREAD", e.Section);
        Assert.Equal(thread, e.Offset);
        Assert.Matches(@"^section THREAD at offset 0x[0-9a-f]+: payload CRC32C mismatch \(stored 0x[0-9a-f]{8}, computed 0x[0-9a-f]{8}\)$", e.Message);
    }
}
