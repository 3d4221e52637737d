namespace Snapshot.Testing.Locations;

/// <summary>
/// A fresh directory under the system temp directory for one test's files, deleted on dispose. Approval
/// scrubbing turns its path into <c>{Path}</c>, so output naming files in it stays stable.
/// </summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory(string prefix = "snapshot-tests-")
    {
        Path = Directory.CreateTempSubdirectory(prefix).FullName;
    }

    public string Path { get; }

    /// <summary>The path of <paramref name="name"/> inside the directory (not created).</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a file still open must not fail a test, and the OS temp cleaner gets it.
        }
    }
}
