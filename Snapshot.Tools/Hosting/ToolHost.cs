using System.Reflection;
using Snapshot.Tools.Check;
using Snapshot.Tools.Conv;
using Snapshot.Tools.Diff;
using Snapshot.Tools.Info;
using Snapshot.Tools.Repair;
using Snapshot.Tools.Upgrade;

namespace Snapshot.Tools.Hosting;

/// <summary>
/// The single executable's entry: the first argument names the tool, the rest are that tool's arguments
/// (<c>snaptools snapinfo IMAGE</c>). Tools are listed in <see cref="Tools"/> by name, so a run builds only the
/// command line of the tool it runs: no reflection over the assembly, no other tool constructed (start-up is
/// most of a short snapinfo run; a test holds the list to the <see cref="Tool"/> subclasses there are).
/// </summary>
public static class ToolHost
{
    private const string HostName = "snaptools";

    /// <summary>Every tool, by the name its command line gives it, sorted.</summary>
    internal static IReadOnlyList<(string Name, Func<ToolContext, Tool> Create)> Tools { get; } =
    [
        ("snapcheck", context => new SnapCheckTool(context)),
        ("snapconv", context => new SnapConvTool(context)),
        ("snapdiff", context => new SnapDiffTool(context)),
        ("snapinfo", context => new SnapInfoTool(context)),
        ("snaprepair", context => new SnapRepairTool(context)),
        ("snapupgrade", context => new SnapUpgradeTool(context)),
    ];

    /// <summary>The tools' version (the assembly's informational version).</summary>
    public static string Version { get; } =
        typeof(ToolHost).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(ToolHost).Assembly.GetName().Version?.ToString()
        ?? "0.0.0";

    /// <summary>The names of every tool, sorted.</summary>
    public static IReadOnlyList<string> ToolNames => [.. Tools.Select(tool => tool.Name)];

    /// <summary>Runs a tool in-process; returns its exit code. Tests call this with string writers.</summary>
    /// <param name="args">Tool name followed by the tool's arguments.</param>
    /// <param name="stdout">Results.</param>
    /// <param name="stderr">Diagnostics and progress.</param>
    /// <param name="stderrIsTerminal">Whether progress may be drawn on <paramref name="stderr"/>.</param>
    /// <param name="stdoutIsTerminal">Whether <paramref name="stdout"/> may use colour and the terminal's width.</param>
    /// <param name="stdin">Standard input for images given as "-"; the process's standard input when null.</param>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, bool stderrIsTerminal = false,
        bool stdoutIsTerminal = false, Stream? stdin = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var context = new ToolContext(stdout, stderr, stdoutIsTerminal, stderrIsTerminal,
            stdin is null ? null : () => stdin);

        if (args.Length == 0)
        {
            WriteUsage(stderr);
            return ExitCodes.Trouble;
        }

        switch (args[0])
        {
            case "-h" or "--help" or "-?":
                WriteUsage(stdout);
                return ExitCodes.Success;
            case "--version":
                stdout.WriteLine(Version);
                return ExitCodes.Success;
        }

        var create = Tools.FirstOrDefault(candidate => string.Equals(candidate.Name, args[0], StringComparison.Ordinal)).Create;
        if (create is null)
        {
            stderr.WriteLine($"{HostName}: unknown tool '{args[0]}'");
            WriteUsage(stderr);
            return ExitCodes.Trouble;
        }

        return create(context).Run(args[1..]);
    }

    private static void WriteUsage(TextWriter writer)
    {
        writer.WriteLine($"usage: {HostName} TOOL [ARGUMENTS...]   (TOOL --help describes a tool)");
        writer.WriteLine($"tools: {string.Join(", ", ToolNames)}");
    }
}
