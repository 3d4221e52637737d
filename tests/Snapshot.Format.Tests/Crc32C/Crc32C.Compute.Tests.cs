using Snapshot.Format.Binary;

namespace Snapshot.Format.Tests;

public class Crc32CComputeTests
{
    [Fact]
    public void Check_value_of_123456789_is_the_standard_one()
    {
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));
    }

    [Fact]
    public void Empty_input_is_zero()
    {
        Assert.Equal(0u, Crc32C.Compute([]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(13)]
    public void Incremental_update_equals_one_shot(int split)
    {
        byte[] data = [.. Enumerable.Range(0, 100).Select(i => (byte)(i * 31))];
        uint state = Crc32C.Update(Crc32C.Initial, data.AsSpan(0, split));
        state = Crc32C.Update(state, data.AsSpan(split));
        Assert.Equal(Crc32C.Compute(data), Crc32C.Finish(state));
    }

    [Theory]
    [InlineData(3 * 4096 - 1)]
    [InlineData(3 * 4096)]
    [InlineData(3 * 4096 + 5)]
    [InlineData(7 * 4096 + 13)]
    [InlineData(64 * 4096 + 100)]
    public void Long_inputs_three_chains_joined_equal_the_bitwise_definition(int length)
    {
        var random = new Random(length);
        byte[] data = new byte[length];
        random.NextBytes(data);

        Assert.Equal(Bitwise(data), Crc32C.Compute(data));
        // Split at an odd place so that the joined chains start from a state other than the initial one.
        uint state = Crc32C.Update(Crc32C.Initial, data.AsSpan(0, 4097));
        Assert.Equal(Bitwise(data), Crc32C.Finish(Crc32C.Update(state, data.AsSpan(4097))));
    }

    /// <summary>The specification's CRC, one bit at a time (reflected polynomial 0x82F63B78).</summary>
    private static uint Bitwise(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78 : crc >> 1;
        }
        return ~crc;
    }
}
