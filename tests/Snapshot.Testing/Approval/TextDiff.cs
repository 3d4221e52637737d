using System.Text;

namespace Snapshot.Testing.Approval;

/// <summary>A short, line-based description of how received text differs from verified text.</summary>
internal static class TextDiff
{
    private const int MaxReportedLines = 8;

    public static string Describe(string verified, string received)
    {
        var expected = verified.Split('\n');
        var actual = received.Split('\n');
        var builder = new StringBuilder();
        var reported = 0;
        var count = Math.Max(expected.Length, actual.Length);
        for (var i = 0; i < count && reported < MaxReportedLines; i++)
        {
            var e = i < expected.Length ? expected[i] : null;
            var a = i < actual.Length ? actual[i] : null;
            if (string.Equals(e, a, StringComparison.Ordinal))
            {
                continue;
            }

            builder.Append("line ").Append(i + 1).Append('\n');
            builder.Append("  - ").Append(e ?? "(end of verified)").Append('\n');
            builder.Append("  + ").Append(a ?? "(end of received)").Append('\n');
            reported++;
        }

        if (expected.Length != actual.Length)
        {
            builder.Append($"verified has {expected.Length} lines, received {actual.Length}\n");
        }

        return builder.ToString();
    }
}
