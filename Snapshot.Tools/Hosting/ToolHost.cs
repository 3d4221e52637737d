using System.Reflection;

namespace Snapshot.Tools.Hosting;

/// <summary>
/// The single executable's entry: the first argument names the tool, the rest are that tool's arguments
/// (<c>snaptools snapinfo IMAGE</c>). Tools are the concrete <see cref="Tool"/> subclasses of this assembly.
/// </summary>
public static class ToolHost
{
    private const string HostName = "snaptools";

    private static readonly Lazy<IReadOnlyList<Type>> s_toolTypes = new(FindToolTypes);

    /// <summary>The tools' version (the assembly's informational version).</summary>
    public static string Version { get; } =
        typeof(ToolHost).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(ToolHost).Assembly.GetName().Version?.ToString()
        ?? "0.0.0";

    /// <summary>The names of every tool, sorted.</summary>
    public static IReadOnlyList<string> ToolNames =>
        [.. s_toolTypes.Value.Select(type => Create(type, new ToolContext(TextWriter.Null, TextWriter.Null)).Name)
            .Order(StringComparer.Ordinal)];

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

        var tools = s_toolTypes.Value.Select(type => Create(type, context));
        var tool = tools.FirstOrDefault(candidate => string.Equals(candidate.Name, args[0], StringComparison.Ordinal));
        if (tool is null)
        {
            stderr.WriteLine($"{HostName}: unknown tool '{args[0]}'");
            WriteUsage(stderr);
            return ExitCodes.Trouble;
        }

        return tool.Run(args[1..]);
    }

    private static void WriteUsage(TextWriter writer)
    {
        writer.WriteLine($"usage: {HostName} TOOL [ARGUMENTS...]   (TOOL --help describes a tool)");
        writer.WriteLine($"tools: {string.Join(", ", ToolNames)}");
    }

    private static Tool Create(Type type, ToolContext context) =>
        (Tool)Activator.CreateInstance(type, context)!;

    private static Type[] FindToolTypes()
    {
        var types = typeof(Tool).Assembly.GetTypes()
            .Where(type => type.IsSubclassOf(typeof(Tool)) && !type.IsAbstract)
            .OrderBy(type => type.FullName, StringComparer.Ordinal)
            .ToArray();

        foreach (var type in types)
        {
            if (type.GetConstructor([typeof(ToolContext)]) is null)
            {
                throw new InvalidOperationException($"Tool {type.FullName} needs a public constructor taking a ToolContext.");
            }
        }

        return types;
    }
}
