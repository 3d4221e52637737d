namespace KernelSim.Services.Vfs;

/// <summary>
/// A parsed path: absolute ("/a/b") or relative to a working directory ("b/../c"), as its components. Paths
/// are 1..<see cref="MaxLength"/> printable ASCII bytes without spaces; components of at most
/// <see cref="MaxNameLength"/> bytes; empty components ("a//b") are ignored, "." and ".." resolve as on Unix.
/// </summary>
public sealed record VfsPath(bool IsAbsolute, IReadOnlyList<string> Components)
{
    /// <summary>Longest path, in bytes.</summary>
    public const int MaxLength = 255;

    /// <summary>Longest name of one directory entry, in bytes.</summary>
    public const int MaxNameLength = 64;

    /// <summary>Parses a path; null when it is empty, too long, or holds a byte that is not printable ASCII.</summary>
    public static VfsPath? Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty || bytes.Length > MaxLength)
        {
            return null;
        }

        foreach (var b in bytes)
        {
            if (b is < 0x21 or > 0x7e)
            {
                return null;
            }
        }

        return Parse(System.Text.Encoding.ASCII.GetString(bytes));
    }

    /// <summary>Parses a path given as text (scenario steps); null when it is not a valid path.</summary>
    public static VfsPath? Parse(string text)
    {
        if (text.Length is 0 or > MaxLength || text.Any(c => c is < '!' or > '~'))
        {
            return null;
        }

        var components = text.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return components.Any(name => name.Length > MaxNameLength) ? null : new VfsPath(text[0] == '/', components);
    }

    /// <summary>The last component that names an entry ("c" of "/a/c/."), or null for the root and paths ending in "..".</summary>
    public string? LeafName => Components.Count > 0 && Components[^1] is not ("." or "..") ? Components[^1] : null;

    /// <summary>The path without its last component (where <see cref="LeafName"/> is created).</summary>
    public VfsPath Parent => this with { Components = Components.Take(Components.Count - 1).ToArray() };

    public override string ToString() => (IsAbsolute ? "/" : "") + string.Join('/', Components);
}
