using Snapshot.Fuzz.Corpus;
using Snapshot.Fuzz.Campaign;
using Snapshot.Tools.Hosting;

namespace KernelSim.Tests.Fuzz;

/// <summary>
/// A short fuzz campaign (the long one is <c>dotnet run -c Release --project tests/Snapshot.Fuzz</c>) and the
/// replay of every saved regression input: only documented exceptions and exit codes, bounded allocation, no hang.
/// </summary>
public sealed class ShortFuzzRunTests
{
    private const int Iterations = 300;

    [Fact]
    public void A_short_campaign_finds_nothing_and_reports_every_target()
    {
        using var campaign = new FuzzCampaign(new FuzzOptions { Seed = 7, Iterations = Iterations, ProgressInterval = 0 }, TextWriter.Null);
        var summary = campaign.Run();

        Assert.True(summary.Findings.Count == 0, string.Join("\n", summary.Findings));
        Assert.Equal(Iterations, summary.Inputs);
        Assert.All(summary.Targets, target => Assert.Equal(Iterations, target.Tried));
        // Both outcomes occur: the mutations reach past the first check, and they do damage.
        Assert.All(summary.Targets, target => Assert.True(target.Accepted > 0 && target.Refused > 0, $"{target.Target}: {target.Accepted} accepted, {target.Refused} refused"));
        Assert.Contains("restore", summary.Targets.Select(target => target.Target));

        // A wanted tool missing from the build is reported, never silently left out.
        var missing = FuzzCampaign.WantedTools.Except(ToolHost.ToolNames).ToArray();
        Assert.Equal(missing, summary.SkippedTargets.Where(skipped => !skipped.StartsWith("seed ", StringComparison.Ordinal)).Select(skipped => skipped.Split(' ')[0]));
        Assert.All(FuzzCampaign.WantedTools.Intersect(ToolHost.ToolNames), tool => Assert.Contains(tool, summary.Targets.Select(target => target.Target)));
    }

    [Fact]
    public void Every_saved_regression_input_is_handled()
    {
        var files = RegressionInputs.Files();
        using var campaign = new FuzzCampaign(new FuzzOptions { ProgressInterval = 0 }, TextWriter.Null);
        var summary = campaign.Replay(files);
        Assert.True(summary.Findings.Count == 0, string.Join("\n", summary.Findings));
        Assert.Equal(files.Count, summary.Inputs);
    }
}
