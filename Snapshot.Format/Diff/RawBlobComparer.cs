using System.Globalization;

namespace Snapshot.Format.Diff;

/// <summary>
/// Compares two kernel structure blobs byte for byte when they cannot be decoded: the changes are runs of
/// differing bytes ("kernel_stack[0x40..0x47]") with both sides in hex.
/// </summary>
internal static class RawBlobComparer
{
    // Runs closer than this are reported as one, so a changed 64-bit field with equal middle bytes stays one line.
    private const int JoinGap = 8;

    // A blob of a foreign layout may differ everywhere; past this many runs the rest are summarised.
    private const int MaxRuns = 16;

    public static void Compare(List<FieldChange> changes, string field, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (a.Length != b.Length)
            changes.Add(new FieldChange($"{field} length", FieldValues.Number((ulong)a.Length), FieldValues.Number((ulong)b.Length)));

        int common = Math.Min(a.Length, b.Length);
        int runs = 0;
        int position = 0;
        while (position < common)
        {
            if (a[position] == b[position])
            {
                position++;
                continue;
            }
            int start = position;
            int end = position;
            for (int k = position + 1; k < common && k - end <= JoinGap; k++)
            {
                if (a[k] != b[k])
                    end = k;
            }
            if (runs == MaxRuns)
            {
                changes.Add(new FieldChange($"{field}[0x{start:x}..]", "...", "more bytes differ"));
                return;
            }
            runs++;
            string name = string.Create(CultureInfo.InvariantCulture, $"{field}[0x{start:x}..0x{end:x}]");
            changes.Add(new FieldChange(name, FieldValues.Hex(a[start..(end + 1)]), FieldValues.Hex(b[start..(end + 1)])));
            position = end + 1;
        }
    }
}
