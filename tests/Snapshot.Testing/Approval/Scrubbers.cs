using System.Text.RegularExpressions;
using Snapshot.Testing.Locations;

namespace Snapshot.Testing.Approval;

/// <summary>Removes what legitimately differs between machines and builds from approved text.</summary>
internal static class Scrubbers
{
    private const string PathToken = "{Path}";
    private static readonly Lock s_lock = new();
    private static readonly List<(string Value, string Replacement)> s_literals = [];

    public static void Add(string value, string replacement)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        lock (s_lock)
        {
            if (!s_literals.Contains((value, replacement)))
            {
                s_literals.Add((value, replacement));
                // Longest first, so "1.0.0+abc" is replaced before a registered "1.0.0" could cut it in half.
                s_literals.Sort((a, b) => b.Value.Length.CompareTo(a.Value.Length));
            }
        }
    }

    public static string Apply(string text)
    {
        (string Value, string Replacement)[] literals;
        lock (s_lock)
        {
            literals = [.. s_literals];
        }

        foreach (var (value, replacement) in literals)
        {
            text = text.Replace(value, replacement, StringComparison.Ordinal);
        }

        // Whole directory prefixes go, file names stay: "/tmp/x1/y/image.snap" becomes "{Path}/image.snap",
        // so output that names its input stays stable across machines and per-test directories.
        foreach (var root in Roots())
        {
            var pattern = Regex.Escape(root) + @"(?:/[^\s""'/]+)*(?=/)";
            text = Regex.Replace(text, pattern, PathToken);
        }

        return text;
    }

    private static IEnumerable<string> Roots()
    {
        // Deepest first: the repository may itself live under the temp directory.
        return new[] { RepositoryRoot.Find(), Path.GetTempPath() }
            .Select(p => p.TrimEnd('/'))
            .Where(p => p.Length > 1)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(p => p.Length);
    }
}
