using System.CommandLine;
using KernelSim.Checkpoint;
using KernelSim.Restore;
using Snapshot.Format.Signing;

namespace KernelSim.Cli;

/// <summary><c>kernel-sim checkpoint --parent BASE --ticks K -o CHILD</c>: an incremental checkpoint of a restored image.</summary>
public sealed partial class CheckpointCommand
{
    private readonly Option<string?> _parent = new("--parent")
    {
        Description = "Continue from this image instead of a program: restore it (following its chain), run --ticks more ticks and write " +
                      "an incremental image that stores only the chunks with pages written since; the others reference BASE or its ancestors, " +
                      "which must stay where the child can find them (its directory, or the paths given).",
    };

    private int ExecuteIncremental(ParseResult parseResult, string parent, CheckpointSetOptions set)
    {
        if (parseResult.GetValue(_program) is { } program)
        {
            return _output.Fail(ExitCodes.BadInput, $"--parent continues the tasks of {parent}; it takes no PROGRAM ('{program}')");
        }

        if (set.Spawn.Count > 0 || set.Input is not null || parseResult.GetValue(_arg) != 0)
        {
            return _output.Fail(ExitCodes.BadInput, "--spawn, --input and --arg start programs; with --parent the tasks come from the parent image");
        }

        ImageSigner? signer = null;
        if (parseResult.GetValue(_signKey) is { } signKey)
        {
            try
            {
                signer = ImageSigner.FromKeyFile(signKey);
            }
            catch (SigningKeyException ex)
            {
                return _output.Fail(ExitCodes.BadInput, ex.Message);
            }
        }

        using (signer)
        {
            return ContinueFrom(parent, parseResult.GetValue(_ticks), parseResult.GetValue(_image)!, set,
                parseResult.GetValue(_kernel.Build)!, parseResult.GetValue(_kernel.Seed), signer);
        }
    }

    /// <summary>Restores <paramref name="parent"/>, runs <paramref name="ticks"/> ticks and writes its child to <paramref name="image"/>.</summary>
    public int ContinueFrom(string parent, ulong ticks, string image, CheckpointSetOptions set, string build = Kernel.Microkernel.DefaultBuild,
        ulong seed = 0, ImageSigner? signer = null)
    {
        ArgumentNullException.ThrowIfNull(set);
        var kernel = KernelOptions.TryBoot(build, seed, out var error);
        if (kernel is null)
        {
            return _output.Fail(ExitCodes.BadInput, error!);
        }

        RestoreResult restored;
        try
        {
            restored = new Restorer(kernel).Restore(parent);
        }
        catch (RestoreException ex)
        {
            return _output.Fail(ExitCodes.BadInput, ex.Message);
        }

        kernel.Run(ticks);
        var live = restored.Tasks.Select(task => task.Task).Where(task => task.State == Kernel.TaskState.Active).ToArray();
        if (live.Length == 0)
        {
            _output.Out.Write(kernel.Console.Text);
            return _output.Fail(ExitCodes.BadInput, $"the tasks of {parent} ended before tick {ticks}; nothing to checkpoint");
        }

        var request = set.Request(live.Select(task => task.Id).ToArray(), image, signer) with { Parent = parent };
        try
        {
            return Checkpoint(kernel, request, image, signer);
        }
        finally
        {
            _output.Out.Write(kernel.Console.Text);
        }
    }
}
