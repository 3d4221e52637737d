using Snapshot.Format;
using Snapshot.Testing.Approval;
using Snapshot.Tools.Hosting;
using Snapshot.Tools.Tests.Images;
using Snapshot.Tools.Tests.Running;
using Snapshot.Tools.Tests.Schemas;

namespace Snapshot.Tools.Tests.Check;

/// <summary>snapcheck over a checkpoint set with external state: cross references, one line per problem.</summary>
public sealed class SnapCheckExternalStateTests : IDisposable
{
    private readonly TempDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void A_consistent_set_is_valid()
    {
        var image = ExternalSetImage.Write(_scratch.File("set.snap"));

        var result = ToolRunner.Run("snapcheck", image);

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Empty(result.Stderr);
    }

    [Fact]
    public void Broken_cross_references_are_listed_in_text_and_json()
    {
        // A call over a phone the client never had, and a connection to a service the set does not list.
        var image = ExternalSetImage.Write(_scratch.File("broken.snap"),
            change: state => state with
            {
                Cooperation = state.Cooperation with
                {
                    Connections = [.. state.Cooperation.Connections, new ConnectionRecord(3, ExternalSetImage.Client, 2, 1, [])],
                },
            },
            changeCall: call => call.SenderCallId == 7 ? call with { PhoneId = 3 } : call);

        var text = ToolRunner.Run("snapcheck", image);
        var json = ToolRunner.Run("snapcheck", image, "--json");

        Assert.Equal(ExitCodes.ProblemsFound, text.ExitCode);
        Assert.Equal(ExitCodes.ProblemsFound, json.ExitCode);
        Schema.AssertConforms("snapcheck.schema.json", json.Stdout);
        Approvals.Verify(text.Stdout);
        Assert.Contains("call 7 of task 1: task 1 has no phone 3", json.Stdout, StringComparison.Ordinal);
    }
}
