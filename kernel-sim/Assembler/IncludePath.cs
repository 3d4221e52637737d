namespace KernelSim.Assembler;

/// <summary>
/// Turns the path written in an <c>.include</c> into the path an <see cref="IncludeResolver"/> gets:
/// relative to the including file's directory, normalised, the same on every platform.
/// </summary>
internal static class IncludePath
{
    /// <summary>
    /// <paramref name="written"/> taken relative to <paramref name="directory"/> ("" for the program's own
    /// directory), or null when it is not a relative path of printable names separated by '/'.
    /// </summary>
    public static string? Combine(string directory, string written)
    {
        if (!IsWellFormed(written))
            return null;
        var segments = new List<string>();
        foreach (string segment in (directory.Length == 0 ? written : directory + "/" + written).Split('/'))
        {
            if (segment == ".")
                continue;
            if (segment == ".." && segments.Count > 0 && segments[^1] != "..")
                segments.RemoveAt(segments.Count - 1);
            else
                segments.Add(segment);
        }
        return segments.Count == 0 || segments[^1] == ".." ? null : string.Join('/', segments);
    }

    /// <summary>The directory part of a resolved path ("" when it has none).</summary>
    public static string DirectoryOf(string path)
    {
        int slash = path.LastIndexOf('/');
        return slash < 0 ? "" : path[..slash];
    }

    // Absolute paths, drive letters and backslashes would make a program assemble differently on
    // different machines; empty segments ("a//b", "a/") are typos.
    private static bool IsWellFormed(string written) =>
        written.Length > 0
        && !written.StartsWith('/')
        && written.All(c => c is > ' ' and <= '~' and not '\\' and not ':')
        && !written.Split('/').Any(segment => segment.Length == 0);
}
