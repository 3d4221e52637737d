using Snapshot.Format.Binary;
using Snapshot.Format.Sections;

namespace Snapshot.Format.Tests.Chains;

public sealed class ParentsSectionTests
{
    private static readonly ParentImage[] s_parents =
    [
        new(Hash256.Compute([1]), "b.snap"),
        new(Hash256.Compute([2]), "/images/a.snap"),
    ];

    [Fact]
    public void Round_trips_nearest_first()
    {
        var writer = new PayloadWriter();
        ParentsSection.Write(writer, s_parents);

        Assert.Equal(s_parents, ParentsSection.Read(writer.WrittenSpan, 0x100));
    }

    [Fact]
    public void Every_payload_one_byte_short_is_refused()
    {
        var writer = new PayloadWriter();
        ParentsSection.Write(writer, s_parents);
        byte[] payload = writer.WrittenSpan.ToArray();

        for (int length = 0; length < payload.Length; length++)
            Assert.Throws<SnapshotFormatException>(() => ParentsSection.Read(payload.AsSpan(0, length), 0x100));
    }

    [Theory]
    [InlineData(0u, "the list of parents is empty")]
    [InlineData(65u, "parent count 65 exceeds the limit 64")]
    [InlineData(0xFFFFFFFFu, "exceeds the limit")]
    public void A_count_outside_1_to_64_is_refused_before_allocating(uint count, string reason)
    {
        byte[] payload = new byte[4 + 64 * 40];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(payload, count);

        var error = Assert.Throws<SnapshotFormatException>(() => ParentsSection.Read(payload, 0x100));

        Assert.Equal("PARENTS", error.Section);
        Assert.Contains(reason, error.Reason);
    }

    [Fact]
    public void A_zero_id_or_an_empty_name_is_refused()
    {
        var writer = new PayloadWriter();
        writer.U32(1);
        writer.Hash(Hash256.Zero);
        writer.String("a.snap", "name");
        Assert.Contains("zero image id", Assert.Throws<SnapshotFormatException>(() => ParentsSection.Read(writer.WrittenSpan, 0)).Reason);

        writer.Clear();
        writer.U32(1);
        writer.Hash(Hash256.Compute([1]));
        writer.String("", "name");
        Assert.Contains("empty file name", Assert.Throws<SnapshotFormatException>(() => ParentsSection.Read(writer.WrittenSpan, 0)).Reason);
    }

    [Fact]
    public void Trailing_bytes_are_refused()
    {
        var writer = new PayloadWriter();
        ParentsSection.Write(writer, s_parents);
        writer.U8(0);

        Assert.Throws<SnapshotFormatException>(() => ParentsSection.Read(writer.WrittenSpan, 0));
    }
}
