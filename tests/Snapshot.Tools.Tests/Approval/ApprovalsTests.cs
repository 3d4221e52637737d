using Snapshot.Testing.Approval;
using Snapshot.Testing.Locations;
using Snapshot.Tools.Tests.Images;
using Xunit.Sdk;

namespace Snapshot.Tools.Tests.Approval;

// The approval helper guards every approval test; these make sure it fails when it should. They pass a
// source file in a scratch directory, so the verified and received files they create live there.
public sealed class ApprovalsTests : IDisposable
{
    private readonly TempDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    private string SourceFile => _scratch.File("FakeTests.cs");

    private string Verified => _scratch.File("FakeTests.Method.verified.txt");

    private string Received => _scratch.File("FakeTests.Method.received.txt");

    [Fact]
    public void MissingVerifiedFileWritesReceivedAndFails()
    {
        var failure = Assert.Throws<FailException>(() => Approvals.Verify("new output\n", SourceFile, "Method"));

        Assert.Contains("FakeTests.Method.verified.txt does not exist", failure.Message, StringComparison.Ordinal);
        Assert.Equal("new output\n", File.ReadAllText(Received));
        Assert.False(File.Exists(Verified), "nothing may be approved automatically");
    }

    [Fact]
    public void MatchingOutputPassesAndRemovesAStaleReceivedFile()
    {
        File.WriteAllText(Verified, "line 1\nline 2\n");
        File.WriteAllText(Received, "stale");

        Approvals.Verify("line 1\r\nline 2", SourceFile, "Method");

        Assert.False(File.Exists(Received));
    }

    [Fact]
    public void MismatchWritesReceivedAndDescribesTheDifference()
    {
        File.WriteAllText(Verified, "same\nold value\nsame\n");

        var failure = Assert.Throws<FailException>(() => Approvals.Verify("same\nnew value\nsame\n", SourceFile, "Method"));

        Assert.Contains("line 2\n  - old value\n  + new value", failure.Message, StringComparison.Ordinal);
        Assert.Equal("same\nnew value\nsame\n", File.ReadAllText(Received));
        Assert.Equal("same\nold value\nsame\n", File.ReadAllText(Verified));
    }

    [Fact]
    public void NameDistinguishesApprovalsOfOneTest()
    {
        Assert.Throws<FailException>(() => Approvals.Verify("x", SourceFile, "Method", name: "json"));

        Assert.True(File.Exists(_scratch.File("FakeTests.Method.json.received.txt")));
    }

    [Fact]
    public void TempAndRepositoryPathsBecomePathTokens()
    {
        var temp = Path.Combine(Path.GetTempPath(), "snaptools-tests", "0123abcd", "image.snap");
        var repository = Path.Combine(RepositoryRoot.Find(), "tests", "fixtures", "ckpt.snap");

        var scrubbed = Approvals.Scrub($"Image {temp}\n\"image\": \"{repository}\"");

        Assert.Equal("Image {Path}/image.snap\n\"image\": \"{Path}/ckpt.snap\"\n", scrubbed);
    }

    [Fact]
    public void RegisteredValuesAreScrubbed()
    {
        Approvals.AddScrubber("9.8.7+feedface", "{Version}");

        Assert.Equal("tool {Version}\n", Approvals.Scrub("tool 9.8.7+feedface"));
    }
}
