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
}
