using System.Runtime.InteropServices;

namespace Snapshot.Bench.Memory;

/// <summary>A seeded SplitMix64 generator: the same seed gives the same memory on every machine and runtime.</summary>
public struct SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong Next()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A value in [0, bound).</summary>
    public int Below(int bound) => (int)(Next() % (ulong)bound);

    public void Fill(Span<byte> destination)
    {
        Span<ulong> words = MemoryMarshal.Cast<byte, ulong>(destination);
        for (int i = 0; i < words.Length; i++)
            words[i] = Next();
        for (int i = words.Length * sizeof(ulong); i < destination.Length; i++)
            destination[i] = (byte)Next();
    }
}
