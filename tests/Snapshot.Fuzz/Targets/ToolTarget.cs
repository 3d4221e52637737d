using Snapshot.Tools.Hosting;

namespace Snapshot.Fuzz.Targets;

/// <summary>A tool run in-process through ToolHost: exit 0, 1 or 2 are allowed, never "internal error" or another code.</summary>
public sealed class ToolTarget : FuzzTarget
{
    private readonly Func<FuzzInput, string[]> _arguments;

    public ToolTarget(string tool, Func<FuzzInput, string[]> arguments)
    {
        Name = tool;
        _arguments = arguments;
    }

    public override string Name { get; }

    public override TargetOutcome Run(FuzzInput input)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = ToolHost.Run([Name, .. _arguments(input)], stdout, stderr);
        var errors = stderr.ToString();
        if (code is not (ExitCodes.Success or ExitCodes.ProblemsFound or ExitCodes.Trouble) || errors.Contains("internal error", StringComparison.Ordinal))
        {
            throw new FuzzViolation($"{Name} exit {code}: {errors.ReplaceLineEndings(" ").Trim()}");
        }

        return code == ExitCodes.Success ? TargetOutcome.Accepted : TargetOutcome.Refused;
    }

    public override bool IsDocumented(Exception exception) => false;
}
