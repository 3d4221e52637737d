using Snapshot.Testing.Locations;

namespace Snapshot.Fuzz.Corpus;

/// <summary>Inputs that once produced a finding, kept under tests/fixtures/fuzz-regressions/ as &lt;hash&gt;.snap and replayed by the tests.</summary>
public static class RegressionInputs
{
    public static string Directory => Path.Combine(RepositoryRoot.Find(), "tests", "fixtures", "fuzz-regressions");

    public static IReadOnlyList<string> Files() =>
        System.IO.Directory.Exists(Directory) ? [.. System.IO.Directory.GetFiles(Directory, "*.snap").Order(StringComparer.Ordinal)] : [];
}
