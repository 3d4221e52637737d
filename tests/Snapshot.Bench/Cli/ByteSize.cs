using System.Globalization;

namespace Snapshot.Bench.Cli;

/// <summary>Parses sizes such as <c>4GiB</c>, <c>64MiB</c>, <c>512KiB</c> or a plain byte count.</summary>
public static class ByteSize
{
    private static readonly (string Suffix, long Factor)[] Units =
    [
        ("TiB", 1L << 40), ("GiB", 1L << 30), ("MiB", 1L << 20), ("KiB", 1L << 10),
        ("T", 1L << 40), ("G", 1L << 30), ("M", 1L << 20), ("K", 1L << 10), ("B", 1),
    ];

    public static bool TryParse(string text, out long bytes)
    {
        bytes = 0;
        string trimmed = text.Trim();
        long factor = 1;
        foreach ((string suffix, long unit) in Units)
        {
            if (trimmed.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                trimmed = trimmed[..^suffix.Length].TrimEnd();
                factor = unit;
                break;
            }
        }
        if (!long.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out long count) || count <= 0
            || count > long.MaxValue / factor)
            return false;
        bytes = count * factor;
        return true;
    }
}
