using Snapshot.Format;
using Snapshot.Format.Kernels;
using Snapshot.Testing.Approval;
using Snapshot.Tools.Hosting;
using Snapshot.Tools.Tests.Images;
using Snapshot.Tools.Tests.Running;
using Snapshot.Tools.Tests.Schemas;

namespace Snapshot.Tools.Tests.Diff;

/// <summary>snapdiff over two checkpoint sets: phones, calls by (sender, id), shares, connections and files.</summary>
public sealed class SnapDiffExternalStateTests : IDisposable
{
    private readonly TempDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void External_state_differences_in_text_and_json()
    {
        var a = ExternalSetImage.Write(_scratch.File("a.snap"));
        // Later: the queued call was fetched, the half-done transfer finished and was answered, a file moved on.
        var b = ExternalSetImage.Write(_scratch.File("b.snap"),
            change: state => state with
            {
                Files = [state.Files[0] with { Files = [state.Files[0].Files[0] with { Position = 26 }, state.Files[0].Files[1]] }],
                Cooperation = state.Cooperation with { OutsideTaskIds = [] },
            },
            changeCall: call => call.SenderCallId switch
            {
                7 => call with { State = CallQueueState.Dispatched, ReceiverCallId = 3, QueuePosition = 0 },
                4 => call with
                {
                    State = CallQueueState.Answered, Receiver = new PeerRef(PeerKind.Task, ExternalSetImage.Client), ReceiverCallId = 0,
                    Answer = [1024, 0, 0, 0, 0, 0], Transfer = call.Transfer! with { Done = 1024 },
                },
                _ => call,
            });

        var text = ToolRunner.Run("snapdiff", a, b);
        var json = ToolRunner.Run("snapdiff", a, b, "--json");

        Assert.Equal(ExitCodes.ProblemsFound, text.ExitCode);
        Assert.Equal(ExitCodes.ProblemsFound, json.ExitCode);
        Schema.AssertConforms("snapdiff.schema.json", json.Stdout);
        Approvals.Verify(text.Stdout);
    }

    [Fact]
    public void The_same_set_is_the_same()
    {
        var a = ExternalSetImage.Write(_scratch.File("a.snap"));
        var b = ExternalSetImage.Write(_scratch.File("b.snap"));

        var json = ToolRunner.Run("snapdiff", a, b, "--json");

        Assert.Equal(ExitCodes.Success, json.ExitCode);
        Schema.AssertConforms("snapdiff.schema.json", json.Stdout);
        Assert.Contains("\"externalState\"", json.Stdout, StringComparison.Ordinal);
    }
}
