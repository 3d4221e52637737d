using System.Globalization;
using System.Numerics;
using System.Text;

namespace Snapshot.Tools.Formatting;

/// <summary>How the tools write numbers: one notation for addresses, CRCs, sizes and page sets everywhere.</summary>
internal static class Notation
{
    private static readonly string[] s_units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];

    /// <summary>A 64-bit address or register: "0x" and 16 lowercase hex digits.</summary>
    public static string Address(ulong value) => "0x" + value.ToString("x16", CultureInfo.InvariantCulture);

    /// <summary>
    /// An address for tables, where width is scarce: "0x400000". Accepts the "0x" + 16 digits form of
    /// <see cref="Address"/> and drops the leading zeros.
    /// </summary>
    public static string CompactAddress(string address) =>
        "0x" + (address.StartsWith("0x", StringComparison.Ordinal) ? address[2..] : address).TrimStart('0') switch
        {
            "" => "0",
            var digits => digits,
        };

    /// <summary>A file offset: "0x" and the shortest lowercase hex.</summary>
    public static string Offset(long value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);

    /// <summary>A small number in hex ("0x14"), for syscall numbers and section type codes.</summary>
    public static string Hex(ulong value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);

    /// <summary>A type code with four hex digits ("0x0010").</summary>
    public static string TypeCode(uint value) => "0x" + value.ToString("x4", CultureInfo.InvariantCulture);

    /// <summary>A CRC32C: "0x" and 8 lowercase hex digits.</summary>
    public static string Crc(uint value) => "0x" + value.ToString("x8", CultureInfo.InvariantCulture);

    /// <summary>A byte blob as lowercase hex without separators.</summary>
    public static string Blob(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    /// <summary>A byte count for people: "4096 B", "1.5 MiB".</summary>
    public static string Size(ulong bytes)
    {
        if (bytes < 1024)
        {
            return bytes.ToString(CultureInfo.InvariantCulture) + " B";
        }

        var value = (double)bytes;
        var unit = 0;
        while (value >= 1024 && unit < s_units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return value.ToString("0.#", CultureInfo.InvariantCulture) + " " + s_units[unit];
    }

    /// <summary>A non-negative byte count for people.</summary>
    public static string Size(long bytes) => Size((ulong)Math.Max(0, bytes));

    /// <summary>An integer with thousands separators: "1,234,567".</summary>
    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A count with its noun: "1 chunk", "3 chunks", "28,672 page bytes".</summary>
    public static string Count(long value, string noun) => Count(value) + " " + (value == 1 ? noun : noun + "s");

    /// <summary>
    /// Uncompressed bytes per stored byte, rounded to two decimals (zstd's "ratio"); null when nothing is
    /// stored (an area whose pages are all zero costs no bytes at all).
    /// </summary>
    public static double? Ratio(long uncompressed, long stored) =>
        stored <= 0 ? null : Math.Round((double)uncompressed / stored, 2, MidpointRounding.AwayFromZero);

    /// <summary>A ratio for people: "3.25x", or "-" when there is none.</summary>
    public static string Ratio(double? ratio) =>
        ratio is { } value ? value.ToString("0.00", CultureInfo.InvariantCulture) + "x" : "-";

    /// <summary>
    /// The pages a present-page bitmap names, as ranges of page numbers within the area: "0-63", "2,5-7".
    /// Bit i stands for page <paramref name="firstPage"/> + i.
    /// </summary>
    public static string PageRanges(ulong bitmap, ulong firstPage)
    {
        if (bitmap == 0)
        {
            return "-";
        }

        var builder = new StringBuilder();
        var bit = 0;
        while (bit < 64)
        {
            if ((bitmap & (1UL << bit)) == 0)
            {
                bit++;
                continue;
            }

            var start = bit;
            while (bit < 64 && (bitmap & (1UL << bit)) != 0)
            {
                bit++;
            }

            if (builder.Length > 0)
            {
                builder.Append(',');
            }

            builder.Append((firstPage + (ulong)start).ToString(CultureInfo.InvariantCulture));
            if (bit - 1 > start)
            {
                builder.Append('-').Append((firstPage + (ulong)(bit - 1)).ToString(CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    /// <summary>The number of pages a bitmap names.</summary>
    public static int PageCount(ulong bitmap) => BitOperations.PopCount(bitmap);
}
