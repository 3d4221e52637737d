using Snapshot.Testing.Approval;
using Snapshot.Tools.Tests.Images;
using Snapshot.Tools.Tests.Running;
using Snapshot.Tools.Tests.Schemas;

namespace Snapshot.Tools.Tests.Info;

/// <summary>snapinfo on a checkpoint set with external state: the set, phones, calls, shares, connections and files.</summary>
public sealed class SnapInfoExternalStateTests : IDisposable
{
    private readonly TempDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void Text()
    {
        var image = ExternalSetImage.Write(_scratch.File("set.snap"));

        var result = ToolRunner.Run("snapinfo", image);

        ToolAssert.Succeeded(result);
        Approvals.Verify(result.Stdout);
    }

    [Fact]
    public void Json()
    {
        var image = ExternalSetImage.Write(_scratch.File("set.snap"));

        var result = ToolRunner.Run("snapinfo", image, "--json");

        ToolAssert.Succeeded(result);
        Schema.AssertConforms("snapinfo.schema.json", result.Stdout);
        Approvals.Verify(result.Stdout);
    }

    [Fact]
    public void A_call_the_build_cannot_decode_is_shown_as_hex_with_the_reason()
    {
        var image = ExternalSetImage.Write(_scratch.File("bad-call.snap"),
            change: state => state with { Calls = [state.Calls[0], new Snapshot.Format.CallRecord(new byte[] { 1, 2, 3 })] });

        var result = ToolRunner.Run("snapinfo", image, "--json");

        ToolAssert.Succeeded(result);
        Schema.AssertConforms("snapinfo.schema.json", result.Stdout);
        Assert.Contains("\"blob\": \"010203\"", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"decodeError\":", result.Stdout, StringComparison.Ordinal);
    }
}
