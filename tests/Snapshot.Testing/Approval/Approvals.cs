using System.Runtime.CompilerServices;

namespace Snapshot.Testing.Approval;

/// <summary>
/// Approval testing in the conventions of Verify: the approved text lives in
/// <c>&lt;TestClass&gt;.&lt;Method&gt;[.name].verified.txt</c> beside the test source file. A mismatch (or a missing
/// verified file) writes <c>.received.txt</c> beside it and fails; accepting a change is renaming received to
/// verified, never automatic.
/// </summary>
public static class Approvals
{
    private const string VerifiedSuffix = ".verified.txt";
    private const string ReceivedSuffix = ".received.txt";

    /// <summary>Compares <paramref name="text"/> (normalised and scrubbed) with the verified file of the calling test.</summary>
    /// <param name="text">The output under test.</param>
    /// <param name="sourceFile">Supplied by the compiler: the test's source file; its name is the class name.</param>
    /// <param name="method">Supplied by the compiler: the test method.</param>
    /// <param name="name">Distinguishes several approvals in one test (for example one per theory case).</param>
    public static void Verify(
        string text,
        [CallerFilePath] string sourceFile = "",
        [CallerMemberName] string method = "",
        string? name = null)
    {
        var basePath = BasePath(sourceFile, method, name);
        var received = Scrubbers.Apply(Normalise(text));
        var verifiedPath = basePath + VerifiedSuffix;
        var receivedPath = basePath + ReceivedSuffix;

        if (!File.Exists(verifiedPath))
        {
            File.WriteAllText(receivedPath, received);
            Assert.Fail(
                $"No approved output: {Path.GetFileName(verifiedPath)} does not exist. Review {receivedPath} " +
                "and rename it to .verified.txt to approve it.");
        }

        var verified = Normalise(File.ReadAllText(verifiedPath));
        if (string.Equals(verified, received, StringComparison.Ordinal))
        {
            // A stale received file from an earlier failure would mislead whoever looks next.
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, received);
        Assert.Fail(
            $"Output differs from {Path.GetFileName(verifiedPath)} (received written to {receivedPath}):\n" +
            TextDiff.Describe(verified, received));
    }

    /// <summary>
    /// Replaces every occurrence of <paramref name="value"/> with <paramref name="replacement"/> in approved text,
    /// for values that change between builds (tool versions). Register once, in a module initializer.
    /// </summary>
    public static void AddScrubber(string value, string replacement) => Scrubbers.Add(value, replacement);

    /// <summary>Applies the scrubbers to <paramref name="text"/> as <see cref="Verify"/> would (for assertions that do not approve).</summary>
    public static string Scrub(string text) => Scrubbers.Apply(Normalise(text));

    private static string BasePath(string sourceFile, string method, string? name)
    {
        if (string.IsNullOrEmpty(sourceFile) || !Path.IsPathFullyQualified(sourceFile))
        {
            throw new InvalidOperationException(
                $"Approvals need the absolute source path of the test (got '{sourceFile}'); do not map source paths in test builds.");
        }

        var directory = Path.GetDirectoryName(sourceFile)!;
        var className = Path.GetFileNameWithoutExtension(sourceFile);
        var fileName = name is null ? $"{className}.{method}" : $"{className}.{method}.{name}";
        return Path.Combine(directory, fileName);
    }

    private static string Normalise(string text)
    {
        var lf = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        // Files end with one newline by convention; editors add or drop it, and it carries no meaning.
        return lf.TrimEnd('\n') + "\n";
    }
}
