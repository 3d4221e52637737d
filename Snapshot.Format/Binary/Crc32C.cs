using System.Buffers.Binary;
using System.Numerics;

namespace Snapshot.Format.Binary;

/// <summary>
/// Standard CRC-32C (Castagnoli): initial value 0xFFFFFFFF, final xor 0xFFFFFFFF, reflected.
/// <see cref="BitOperations.Crc32C(uint, ulong)"/> is the raw update step (hardware-accelerated where available).
/// </summary>
internal static class Crc32C
{
    public const uint Initial = 0xFFFFFFFF;

    public static uint Compute(ReadOnlySpan<byte> data) => Finish(Update(Initial, data));

    public static uint Update(uint state, ReadOnlySpan<byte> data)
    {
        while (data.Length >= sizeof(ulong))
        {
            state = BitOperations.Crc32C(state, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[sizeof(ulong)..];
        }
        foreach (byte b in data)
            state = BitOperations.Crc32C(state, b);
        return state;
    }

    public static uint Finish(uint state) => ~state;
}
