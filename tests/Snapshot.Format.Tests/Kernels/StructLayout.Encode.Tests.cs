using Snapshot.Format.Kernels;
using Snapshot.Format.Tests.Support;

namespace Snapshot.Format.Tests;

public class StructLayoutEncodeTests
{
    private static StructLayout Thread => TestImage.Profile.Thread;

    private static Dictionary<string, ulong> Values() => Thread.Fields.ToDictionary(f => f.Name, f => (ulong)f.Offset + 1);

    [Fact]
    public void Encode_then_decode_gives_the_values_back_little_endian()
    {
        byte[] blob = Thread.Encode(Values());
        Assert.Equal(Thread.Size, blob.Length);
        Assert.Equal([1, 0, 0, 0], blob[..4]);
        Assert.Equal(Values(), Thread.Decode(blob));
    }

    [Fact]
    public void Encode_requires_every_field_and_no_other()
    {
        var missing = Values();
        missing.Remove("rank");
        Assert.Contains("rank", Assert.Throws<ArgumentException>(() => Thread.Encode(missing)).Message);
        var extra = Values();
        extra["colour"] = 1;
        Assert.Contains("colour", Assert.Throws<ArgumentException>(() => Thread.Encode(extra)).Message);
        var wide = Values();
        wide["rank"] = 1UL << 32;
        Assert.Throws<ArgumentException>(() => Thread.Encode(wide));
    }

    [Fact]
    public void Decode_refuses_a_blob_of_the_wrong_size()
    {
        var e = Assert.Throws<SnapshotFormatException>(() => Thread.Decode(new byte[Thread.Size - 1]));
        Assert.Equal("THREAD", e.Section);
    }
}
