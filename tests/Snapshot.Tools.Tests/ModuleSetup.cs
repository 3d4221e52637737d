using System.Runtime.CompilerServices;
using Snapshot.Testing.Approval;
using Snapshot.Tools.Hosting;

namespace Snapshot.Tools.Tests;

internal static class ModuleSetup
{
    // The informational version carries the commit hash; approved output must not change with every commit.
    [ModuleInitializer]
    internal static void ScrubToolVersion() => Approvals.AddScrubber(ToolHost.Version, "{Version}");
}
