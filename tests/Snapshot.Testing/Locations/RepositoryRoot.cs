namespace Snapshot.Testing.Locations;

/// <summary>Finds the repository root (the directory holding tools.sln) from the test binaries.</summary>
public static class RepositoryRoot
{
    private const string Marker = "tools.sln";
    private static readonly Lazy<string> s_root = new(Search);

    /// <summary>The absolute repository root, without a trailing separator.</summary>
    public static string Find() => s_root.Value;

    private static string Search()
    {
        // Test binaries live under the repository (bin/, .agents/<name>/bin/ or .build/), so walking up
        // from them is reliable; the working directory is tried too for runners that copy binaries away.
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(dir.FullName, Marker)))
                {
                    return dir.FullName.TrimEnd(System.IO.Path.DirectorySeparatorChar);
                }
            }
        }

        throw new InvalidOperationException(
            $"No {Marker} above '{AppContext.BaseDirectory}' or '{Directory.GetCurrentDirectory()}': tests must run inside the repository.");
    }
}
