using System.CommandLine;
using System.CommandLine.Invocation;

namespace Snapshot.Tools.Hosting;

/// <summary>
/// Prints <see cref="ToolHost.Version"/> for --version. The stock action prints the entry assembly's version,
/// which is the test host's when the tools run in-process.
/// </summary>
internal sealed class ToolVersionAction : SynchronousCommandLineAction
{
    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        parseResult.InvocationConfiguration.Output.WriteLine(ToolHost.Version);
        return ExitCodes.Success;
    }
}
