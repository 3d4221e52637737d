using System.Globalization;

namespace Snapshot.Format.Diff;

/// <summary>How field values are written in <see cref="FieldChange"/>: one notation for every comparer.</summary>
internal static class FieldValues
{
    public const string Absent = "-";

    public static string Address(ulong value) => "0x" + value.ToString("x16", CultureInfo.InvariantCulture);

    public static string Number(ulong value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Flags(IEnumerable<string> names)
    {
        string[] sorted = [.. names.Order(StringComparer.Ordinal)];
        return sorted.Length == 0 ? "none" : string.Join(", ", sorted);
    }

    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    /// <summary>Adds a change to <paramref name="changes"/> when the two values differ.</summary>
    public static void Add(List<FieldChange> changes, string field, string before, string after)
    {
        if (!string.Equals(before, after, StringComparison.Ordinal))
            changes.Add(new FieldChange(field, before, after));
    }
}
