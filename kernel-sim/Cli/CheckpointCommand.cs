using System.CommandLine;
using KernelSim.Assembler;
using KernelSim.Checkpoint;
using KernelSim.Reporting;
using Snapshot.Format.Signing;

namespace KernelSim.Cli;

/// <summary><c>kernel-sim checkpoint PROGRAM --ticks K -o IMAGE</c>: boots, spawns, runs K ticks and checkpoints the task.</summary>
public sealed class CheckpointCommand : Command
{
    private readonly CliOutput _output;
    private readonly KernelOptions _kernel = new();
    private readonly Argument<string> _program = new("program") { Description = "A sample program name (see 'kernel-sim programs') or a .s file." };
    private readonly Option<ulong> _ticks = new("--ticks") { Description = "Ticks to run before the checkpoint.", Required = true };
    private readonly Option<string> _image = new("--output", "-o") { Description = "The image file to write (.snap); written atomically.", Required = true };
    private readonly Option<ulong> _arg = new("--arg") { Description = "Argument passed to the program in r1 (default 0)." };
    private readonly Option<bool> _kill = new("--kill") { Description = "Record that the task was killed after the checkpoint (otherwise it was left running)." };
    private readonly Option<string?> _signKey = new("--sign-key")
    {
        Description = "Sign the image with this key file: an ECDSA P-256 private key (PEM) or an HMAC-SHA256 secret (hex or base64, at least 32 bytes).",
    };

    public CheckpointCommand(CliOutput output)
        : base("checkpoint", "Boot a kernel, spawn PROGRAM, run it for --ticks ticks and checkpoint its task to an image.\n" +
                             "The console output produced before the checkpoint goes to stdout, so that with 'kernel-sim restore' " +
                             "the two outputs together equal an uninterrupted run. Exit 0, or 2 for bad input (also when the program exits first).")
    {
        _output = output;
        Arguments.Add(_program);
        Options.Add(_ticks);
        Options.Add(_image);
        Options.Add(_arg);
        Options.Add(_kill);
        Options.Add(_signKey);
        _kernel.AddTo(this);
        SetAction(parseResult => Execute(
            parseResult.GetValue(_program)!,
            parseResult.GetValue(_ticks),
            parseResult.GetValue(_image)!,
            parseResult.GetValue(_arg),
            parseResult.GetValue(_kill),
            parseResult.GetValue(_kernel.Build)!,
            parseResult.GetValue(_kernel.Seed),
            parseResult.GetValue(_signKey)));
    }

    public int Execute(string programName, ulong ticks, string image, ulong argument = 0, bool kill = false,
        string build = Kernel.Microkernel.DefaultBuild, ulong seed = 0, string? signKey = null)
    {
        ImageSigner? signer = null;
        if (signKey is not null)
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
            return Checkpoint(programName, ticks, image, argument, kill, build, seed, signer);
        }
    }

    private int Checkpoint(string programName, ulong ticks, string image, ulong argument, bool kill, string build, ulong seed, ImageSigner? signer)
    {
        var kernel = KernelOptions.TryBoot(build, seed, out var error);
        if (kernel is null)
        {
            return _output.Fail(ExitCodes.BadInput, error!);
        }

        AssembledProgram program;
        try
        {
            program = ProgramLibrary.Load(programName);
        }
        catch (Exception ex) when (ex is ArgumentException or AssemblerException)
        {
            return _output.Fail(ExitCodes.BadInput, ex.Message);
        }

        var task = kernel.Spawn(program, argument);
        kernel.Run(ticks);
        _output.Out.Write(kernel.Console.Text);
        if (task.State != Kernel.TaskState.Active)
        {
            return _output.Fail(ExitCodes.BadInput, $"{program.Name} ended ({task.ExitReason}) before tick {ticks}; nothing to checkpoint");
        }

        try
        {
            var summary = new Checkpointer(kernel).Checkpoint(task.Id, image, kill, signer);
            _output.Error.WriteLine($"checkpoint of task {summary.TaskId} ({program.Name}) at tick {ticks} written to {image}: " +
                                    $"{Quantity.Of(summary.Threads, "thread")}, {Quantity.Of(summary.Areas, "area")}, {Quantity.Of(summary.MaterialisedPages, "page")}, {Quantity.Of(summary.Bytes, "byte")}" +
                                    (signer is null ? "" : $", signed ({SignatureAlgorithms.Name(signer.Algorithm)})"));
            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return _output.Fail(ExitCodes.BadInput, $"cannot write {image}: {ex.Message}");
        }
        catch (CheckpointRefusedException ex)
        {
            return _output.Fail(ExitCodes.BadInput, ex.Message);
        }
    }
}
