using Snapshot.Format.Codecs;

namespace Snapshot.Format.Tests;

public class ZstdDecompressorTests
{
    private static byte[] Compress(byte[] data)
    {
        using var compressor = new ZstdCompressor(3);
        byte[] output = new byte[ZstdCompressor.CompressBound(data.Length)];
        return output[..compressor.Compress(data, output)];
    }

    private static byte[] Sample(int length) => [.. Enumerable.Range(0, length).Select(i => (byte)(i % 7))];

    [Fact]
    public void A_frame_decodes_to_exactly_its_declared_size()
    {
        byte[] data = Sample(10000);
        byte[] output = new byte[data.Length];
        ZstdDecompressor.Decompress(Compress(data), output, "MEMCHUNK", 0);
        Assert.Equal(data, output);
    }

    [Fact]
    public void A_declared_size_other_than_the_chunk_size_is_refused()
    {
        byte[] frame = Compress(Sample(10000));
        var e = Assert.Throws<SnapshotFormatException>(() => ZstdDecompressor.Decompress(frame, new byte[8192], "MEMCHUNK", 100));
        Assert.Contains("declares 10000 bytes", e.Reason);
        Assert.Equal(100, e.Offset);
    }

    [Fact]
    public void Trailing_bytes_after_the_frame_are_refused()
    {
        byte[] frame = [.. Compress(Sample(4096)), 0, 0, 0, 0];
        Assert.Throws<SnapshotFormatException>(() => ZstdDecompressor.Decompress(frame, new byte[4096], "MEMCHUNK", 0));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(12)]
    public void A_truncated_or_garbled_frame_is_refused(int cut)
    {
        byte[] frame = Compress(Sample(4096));
        byte[] damaged = cut == 0 ? [.. frame.Select(b => (byte)~b)] : frame[..^cut];
        Assert.Throws<SnapshotFormatException>(() => ZstdDecompressor.Decompress(damaged, new byte[4096], "MEMCHUNK", 0));
    }

    [Fact]
    public void The_missing_library_message_names_the_soname_and_the_package()
    {
        string message = new ZstdUnavailableException().Message;
        Assert.Contains("libzstd.so.1", message);
        Assert.Contains("libzstd1", message);
    }
}
