namespace Snapshot.Testing.Locations;

/// <summary>Golden image fixtures under tests/fixtures/ (written by released versions; never regenerated).</summary>
public static class Fixtures
{
    /// <summary>The directory holding the fixtures.</summary>
    public static string Directory => System.IO.Path.Combine(RepositoryRoot.Find(), "tests", "fixtures");

    /// <summary>The absolute path of fixture <paramref name="name"/>; fails when it does not exist.</summary>
    public static string Path(string name)
    {
        var path = System.IO.Path.Combine(Directory, name);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Fixture '{name}' does not exist in {Directory}.", path);
        }

        return path;
    }

    /// <summary>The file names (not paths) of every fixture with the given extension, sorted ordinally.</summary>
    public static IReadOnlyList<string> Names(string extension = ".snap")
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return [];
        }

        return System.IO.Directory.EnumerateFiles(Directory, "*" + extension)
            .Select(System.IO.Path.GetFileName)
            .OfType<string>()
            .Order(StringComparer.Ordinal)
            .ToArray();
    }
}
