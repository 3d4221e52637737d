using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Snapshot.Format.Binary;

/// <summary>
/// Standard CRC-32C (Castagnoli): initial value 0xFFFFFFFF, final xor 0xFFFFFFFF, reflected.
/// <see cref="BitOperations.Crc32C(uint, ulong)"/> is the raw update step (hardware-accelerated where available).
/// </summary>
/// <remarks>
/// The CRC instruction has a latency of several cycles but issues every cycle, so one dependent chain uses a third
/// of it. Long inputs therefore run three independent chains over three adjacent blocks and join them: the raw
/// update is linear, so crc(s, A‖B) = shift(crc(s, A), |B|) xor crc(0, B), where shifting by a fixed block length
/// is a 32×32 bit matrix computed once. Same result as the one-chain loop, about three times the throughput.
/// </remarks>
internal static class Crc32C
{
    public const uint Initial = 0xFFFFFFFF;

    private const int Lane = 4096;
    private static readonly uint[] s_shiftByLane = ZeroShift(Lane);

    public static uint Compute(ReadOnlySpan<byte> data) => Finish(Update(Initial, data));

    public static uint Update(uint state, ReadOnlySpan<byte> data)
    {
        // Unchecked little-endian loads: a span slice and bounds checks per 8 bytes in each lane made snapcheck --quick
        // 15-20% slower on a 1.3 GB image. The while condition bounds every read.
        while (BitConverter.IsLittleEndian && data.Length >= 3 * Lane)
        {
            ref byte first = ref MemoryMarshal.GetReference(data);
            uint a = state, b = 0, c = 0;
            for (int i = 0; i < Lane; i += sizeof(ulong))
            {
                a = BitOperations.Crc32C(a, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref first, i)));
                b = BitOperations.Crc32C(b, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref first, Lane + i)));
                c = BitOperations.Crc32C(c, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref first, 2 * Lane + i)));
            }
            state = Shift(Shift(a) ^ b) ^ c;
            data = data[(3 * Lane)..];
        }
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

    /// <summary>The raw state after <see cref="Lane"/> more zero bytes: a linear map, applied column by column.</summary>
    private static uint Shift(uint state)
    {
        uint result = 0;
        while (state != 0)
        {
            result ^= s_shiftByLane[BitOperations.TrailingZeroCount(state)];
            state &= state - 1;
        }
        return result;
    }

    private static uint[] ZeroShift(int length)
    {
        var columns = new uint[32];
        for (int bit = 0; bit < 32; bit++)
        {
            uint state = 1u << bit;
            for (int i = 0; i < length; i += sizeof(ulong))
                state = BitOperations.Crc32C(state, 0UL);
            columns[bit] = state;
        }
        return columns;
    }
}
