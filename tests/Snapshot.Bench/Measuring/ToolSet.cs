using Snapshot.Bench.Processes;

namespace Snapshot.Bench.Measuring;

/// <summary>
/// The measured programs: the tools' and kernel-sim's own builds, which the project references copy beside the
/// benchmark (same configuration: run the benchmark in Release), each run as <c>dotnet X.dll</c> in a new process.
/// The snap* tools may instead come from another directory, such as a <c>dotnet publish</c> of Snapshot.Tools
/// (ReadyToRun, as the bin/ launchers run them).
/// </summary>
public sealed class ToolSet
{
    private ToolSet(string dotnetHost, string directory, string snapToolsDirectory)
    {
        DotnetHost = dotnetHost;
        Directory = directory;
        SnapToolsDirectory = snapToolsDirectory;
    }

    public string DotnetHost { get; }

    /// <summary>The benchmark's own directory (kernel-sim.dll, Snapshot.Bench.dll).</summary>
    public string Directory { get; }

    /// <summary>Where snaptools.dll is run from.</summary>
    public string SnapToolsDirectory { get; }

    public static ToolSet Locate(string? snapToolsDirectory = null)
    {
        string directory = AppContext.BaseDirectory;
        foreach (string assembly in new[] { "snaptools.dll", "kernel-sim.dll", "Snapshot.Bench.dll" })
        {
            if (!File.Exists(Path.Combine(directory, assembly)))
                throw new BenchSetupException($"{assembly} is not beside the benchmark in {directory}: build tests/Snapshot.Bench, which references it");
        }
        if (snapToolsDirectory is not null && !File.Exists(Path.Combine(snapToolsDirectory, "snaptools.dll")))
            throw new BenchSetupException($"--tools-dir: {snapToolsDirectory} has no snaptools.dll (dotnet publish Snapshot.Tools -c Release -o DIR)");
        return new ToolSet(FindDotnetHost(), directory, snapToolsDirectory ?? directory);
    }

    public CommandLine Snap(string tool, params string[] arguments) =>
        new(DotnetHost, [Path.Combine(SnapToolsDirectory, "snaptools.dll"), tool, .. arguments]);

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
