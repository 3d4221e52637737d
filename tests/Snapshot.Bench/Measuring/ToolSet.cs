using Snapshot.Bench.Processes;

namespace Snapshot.Bench.Measuring;

/// <summary>
/// The measured programs: the tools' and kernel-sim's own builds, which the project references copy beside the
/// benchmark (same configuration: run the benchmark in Release), each run as <c>dotnet X.dll</c> in a new process.
/// </summary>
public sealed class ToolSet
{
    private ToolSet(string dotnetHost, string directory)
    {
        DotnetHost = dotnetHost;
        Directory = directory;
    }

    public string DotnetHost { get; }

    public string Directory { get; }

    public static ToolSet Locate()
    {
        string directory = AppContext.BaseDirectory;
        foreach (string assembly in new[] { "snaptools.dll", "kernel-sim.dll", "Snapshot.Bench.dll" })
        {
            if (!File.Exists(Path.Combine(directory, assembly)))
                throw new BenchSetupException($"{assembly} is not beside the benchmark in {directory}: build tests/Snapshot.Bench, which references it");
        }
        return new ToolSet(FindDotnetHost(), directory);
    }

    public CommandLine Snap(string tool, params string[] arguments) =>
        new(DotnetHost, [Path.Combine(Directory, "snaptools.dll"), tool, .. arguments]);

    public CommandLine KernelSim(params string[] arguments) =>
        new(DotnetHost, [Path.Combine(Directory, "kernel-sim.dll"), .. arguments]);

    public CommandLine Bench(params string[] arguments) =>
        new(DotnetHost, [Path.Combine(Directory, "Snapshot.Bench.dll"), .. arguments]);

    /// <summary>The dotnet host that runs this process (set by the SDK for its children), else the one on PATH.</summary>
    private static string FindDotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath))
            return hostPath;
        if (Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet")
            return self;
        return ExternalProgram.FindOnPath("dotnet") ?? throw new BenchSetupException("the dotnet host is not on PATH");
    }
}
