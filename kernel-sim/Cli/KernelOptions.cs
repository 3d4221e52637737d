using System.CommandLine;
using KernelSim.Kernel;
using KernelSim.Services;
using Snapshot.Format.Kernels;

namespace KernelSim.Cli;

/// <summary>The --kernel and --seed options that several commands share, and booting from them.</summary>
public sealed class KernelOptions
{
    public Option<string> Build { get; } = new("--kernel")
    {
        Description = "Kernel build to boot (a profile in format-spec/kernels/).",
        DefaultValueFactory = _ => Microkernel.DefaultBuild,
    };

    public Option<ulong> Seed { get; } = new("--seed")
    {
        Description = "Boot seed (seeds every task's random generator).",
        DefaultValueFactory = _ => 0,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Build);
        command.Options.Add(Seed);
    }

    /// <summary>Boots a kernel with the standard services (ns, vfs, console, shm), or null with <paramref name="error"/> set when the build is unknown.</summary>
    public static Microkernel? TryBoot(string build, ulong seed, out string? error)
    {
        if (KernelBuildCatalog.Find(build) is not { } profile)
        {
            error = Microkernel.UnknownBuildMessage(build);
            return null;
        }

        error = null;
        return KernelBoot.Boot(profile, seed);
    }
}
