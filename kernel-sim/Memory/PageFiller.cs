using System.Buffers.Binary;
using KernelSim.Kernel;

namespace KernelSim.Memory;

/// <summary>
/// Writes a <see cref="FillPattern"/> over whole pages, straight into their page table: the kernel side of
/// <c>mem_fill</c>, which lets a program produce gigabytes of realistic memory without an instruction per byte.
/// Every output is a function of the pattern and the seed only, little-endian on every host.
/// </summary>
internal static class PageFiller
{
    /// <summary>Bytes of the repeated motif.</summary>
    public const int MotifLength = 64;

    /// <summary>Fills <paramref name="pageCount"/> pages of <paramref name="pages"/> from <paramref name="firstPage"/> on.</summary>
    public static void Fill(PageTable pages, ulong firstPage, ulong pageCount, FillPattern pattern, ulong seed)
    {
        Span<byte> motif = stackalloc byte[MotifLength];
        var state = seed;
        if (pattern == FillPattern.Motif)
        {
            FillRandom(motif, ref state);
        }

        for (var page = firstPage; page < firstPage + pageCount; page++)
        {
            var bytes = pages.GetOrAdd(page).AsSpan();
            switch (pattern)
            {
                case FillPattern.Zero:
                    bytes.Clear();
                    break;
                case FillPattern.Motif:
                    for (var offset = 0; offset < bytes.Length; offset += MotifLength)
                    {
                        motif.CopyTo(bytes[offset..]);
                    }

                    break;
                default:
                    FillRandom(bytes, ref state);
                    break;
            }
        }
    }

    private static void FillRandom(Span<byte> bytes, ref ulong state)
    {
        for (var offset = 0; offset < bytes.Length; offset += sizeof(ulong))
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes[offset..], TaskRandom.Next(ref state));
        }
    }
}
