using System.CommandLine;
using KernelSim.Assembler;
using KernelSim.Checkpoint;
using KernelSim.Reporting;
using KernelSim.Services;
using KernelSim.Services.Console;
using Snapshot.Format;
using Snapshot.Format.Signing;

namespace KernelSim.Cli;

/// <summary>
/// <c>kernel-sim checkpoint PROGRAM [--spawn PROG]... --ticks K -o IMAGE</c>: boots (with the services), spawns,
/// runs K ticks and checkpoints the set built from the spawned tasks, with the cooperation, error, kill and file options.
/// <c>kernel-sim checkpoint --parent BASE --ticks K -o CHILD</c> restores BASE instead, runs K ticks and writes an
/// incremental image (CheckpointCommand.Parent.cs).
/// </summary>
public sealed partial class CheckpointCommand : Command
{
    private readonly CliOutput _output;
    private readonly KernelOptions _kernel = new();
    private readonly Argument<string?> _program = new("program")
    {
        Description = "A sample program name (see 'kernel-sim programs') or a .s file (not with --parent).",
        Arity = ArgumentArity.ZeroOrOne,
    };
    private readonly Option<ulong> _ticks = new("--ticks") { Description = "Ticks to run before the checkpoint.", Required = true };
    private readonly Option<string> _image = new("--output", "-o") { Description = "The image file to write (.snap); written atomically.", Required = true };
    private readonly Option<ulong> _arg = new("--arg") { Description = "Argument passed to the program in r1 (default 0)." };
    private readonly Option<bool> _kill = new("--kill", "--kill-zero") { Description = "Kill the task(s) asked for (the roots of the set) once the image is written." };
    private readonly Option<bool> _killAll = new("--kill-all") { Description = "Kill every task of the checkpoint set once the image is written." };
    private readonly Option<string[]> _spawn = new("--spawn")
    {
        Description = "Another program to spawn (after PROGRAM, in order; repeatable). Every spawned task is a root of the checkpoint set.",
        AllowMultipleArgumentsPerToken = false,
    };
    private readonly Option<string?> _input = new("--input") { Description = "Scripted console input, available from tick 0 (for programs that read the console)." };
    private readonly Option<ulong> _timeout = new("--timeout")
    {
        Description = "Ticks to wait for the set to become stable and for the services to cooperate.",
        DefaultValueFactory = _ => CheckpointRequest.DefaultTimeoutTicks,
    };
    private readonly ImageEncodingOptions _encoding = new();
    private readonly ErrorPolicyOptions _errorPolicy = new(
        "When a service does not cooperate within --timeout, cancel the checkpoint: nothing is written, the tasks resume",
        "When a service does not cooperate within --timeout, record its connection as not cooperated (hung up at restore) instead of cancelling.");
    private readonly Option<string> _filePolicy = new("--file-policy")
    {
        Description = "How restore treats open files: unchangeable (checksum checked), volatile, backup-overwrite or backup-skip (contents carried).",
        DefaultValueFactory = _ => "unchangeable",
    };
    private readonly Option<string?> _signKey = new("--sign-key")
    {
        Description = "Sign the image with this key file: an ECDSA P-256 private key (PEM) or an HMAC-SHA256 secret (hex or base64, at least 32 bytes).",
    };

    private readonly Option<bool> _includeCode = new("--include-code")
    {
        Description = "Store the code pages in the image. Without it, code areas of programs in kernel-sim's catalog are stored by reference " +
                      "to the program (format 1.3; --compat below 1.3 stores them); restore loads them from the catalog and refuses, naming the program, when it is missing or differs.",
    };

    public CheckpointCommand(CliOutput output)
        : base("checkpoint", "Boot a kernel, spawn PROGRAM, run it for --ticks ticks and checkpoint its task to an image.\n" +
                             "The console output produced before the checkpoint goes to stdout, so that with 'kernel-sim restore' " +
                             "the two outputs together equal an uninterrupted run. Exit 0; 1 when the checkpoint was cancelled (a service did not cooperate " +
                             "within --timeout; nothing written); 2 for bad input or a refusal (also when the programs exit first).")
    {
        _output = output;
        Arguments.Add(_program);
        Options.Add(_ticks);
        Options.Add(_image);
        Options.Add(_arg);
        Options.Add(_kill);
        Options.Add(_killAll);
        Options.Add(_spawn);
        Options.Add(_input);
        Options.Add(_timeout);
        _errorPolicy.AddTo(this);
        Options.Add(_filePolicy);
        Options.Add(_signKey);
        Options.Add(_includeCode);
        _encoding.AddTo(this);
        Options.Add(_parent);
        _kernel.AddTo(this);
        SetAction(parseResult =>
        {
            if (parseResult.GetValue(_kill) && parseResult.GetValue(_killAll))
            {
                return _output.Fail(ExitCodes.BadInput, "--kill-zero and --kill-all exclude each other");
            }

            if (FilePolicies.Parse(parseResult.GetValue(_filePolicy)!) is not { } filePolicy)
            {
                return _output.Fail(ExitCodes.BadInput, $"unknown file policy '{parseResult.GetValue(_filePolicy)}' (policies: {FilePolicies.Names})");
            }

            var set = new CheckpointSetOptions(
                parseResult.GetValue(_spawn) ?? [],
                parseResult.GetValue(_input),
                parseResult.GetValue(_timeout),
                _errorPolicy.Resolve(parseResult),
                parseResult.GetValue(_killAll) ? KillPolicy.All : parseResult.GetValue(_kill) ? KillPolicy.Zero : KillPolicy.None,
                filePolicy)
            {
                Encoding = _encoding.Resolve(parseResult),
                IncludeCode = parseResult.GetValue(_includeCode),
            };
            if (parseResult.GetValue(_parent) is { } parent)
            {
                return ExecuteIncremental(parseResult, parent, set);
            }

            if (parseResult.GetValue(_program) is null)
            {
                return _output.Fail(ExitCodes.BadInput, "name the PROGRAM to run, or --parent IMAGE to continue from");
            }

            return Execute(
                parseResult.GetValue(_program)!,
                parseResult.GetValue(_ticks),
                parseResult.GetValue(_image)!,
                parseResult.GetValue(_arg),
                set,
                parseResult.GetValue(_kernel.Build)!,
                parseResult.GetValue(_kernel.Seed),
                parseResult.GetValue(_signKey));
        });
    }

    public int Execute(string programName, ulong ticks, string image, ulong argument = 0, bool kill = false,
        string build = Kernel.Microkernel.DefaultBuild, ulong seed = 0, string? signKey = null) =>
        Execute(programName, ticks, image, argument, new CheckpointSetOptions(Kill: kill ? KillPolicy.Zero : KillPolicy.None), build, seed, signKey);

    public int Execute(string programName, ulong ticks, string image, ulong argument, CheckpointSetOptions set,
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
            return Checkpoint(programName, ticks, image, argument, set, build, seed, signer);
        }
    }

    private int Checkpoint(string programName, ulong ticks, string image, ulong argument, CheckpointSetOptions set, string build, ulong seed, ImageSigner? signer)
    {
        var kernel = KernelOptions.TryBoot(build, seed, out var error);
        if (kernel is null)
        {
            return _output.Fail(ExitCodes.BadInput, error!);
        }

        var programs = new List<AssembledProgram>();
        try
        {
            programs.Add(ProgramLibrary.Load(programName));
            programs.AddRange(set.Spawn.Select(ProgramLibrary.Load));
        }
        catch (Exception ex) when (ex is ArgumentException or AssemblerException)
        {
            return _output.Fail(ExitCodes.BadInput, ex.Message);
        }

        if (set.Input is { } input)
        {
            StandardServices.Find<ConsoleService>(kernel, ServiceIds.Console)!.Input.Add(0, System.Text.Encoding.UTF8.GetBytes(input));
        }

        // The argument goes to PROGRAM; the --spawn programs get 0, as a scenario's spawn without an argument.
        var tasks = programs.Select((program, i) => kernel.Spawn(program, i == 0 ? argument : 0)).ToArray();
        kernel.Run(ticks);
        var live = tasks.Where(task => task.State == Kernel.TaskState.Active).ToArray();
        if (live.Length == 0)
        {
            _output.Out.Write(kernel.Console.Text);
            return _output.Fail(ExitCodes.BadInput, $"{string.Join(", ", programs.Select(program => program.Name))} ended ({tasks[0].ExitReason}) before tick {ticks}; nothing to checkpoint");
        }

        var request = set.Request(live.Select(task => task.Id).ToArray(), image, signer);
        try
        {
            return Checkpoint(kernel, request, image, signer);
        }
        finally
        {
            // Up to the tick the image was taken at (a checkpoint may wait for the set to become stable), so that with
            // the restore's output it makes up the whole run.
            _output.Out.Write(kernel.Console.Text);
        }
    }

    private int Checkpoint(Kernel.Microkernel kernel, CheckpointRequest request, string image, ImageSigner? signer)
    {
        try
        {
            var summary = new Checkpointer(kernel).Checkpoint(request);
            _output.Error.WriteLine($"checkpoint of {Quantity.Of(summary.TaskIds.Count, "task")} ({string.Join(", ", summary.TaskIds)}) at tick {summary.Tick} written to {image}: " +
                                    $"{Quantity.Of(summary.Threads, "thread")}, {Quantity.Of(summary.Areas, "area")}, {Quantity.Of(summary.MaterialisedPages, "page")}, " +
                                    (summary.HasExternalState ? $"{Quantity.Of(summary.Calls, "pending call")}, services [{string.Join(", ", summary.Services.Select(service => service.Name))}], " : "") +
                                    $"{Quantity.Of(summary.Bytes, "byte")}" +
                                    (summary.WaitedTicks > 0 ? $", waited {Quantity.Of((long)summary.WaitedTicks, "tick")}" : "") +
                                    (summary.Killed.Count > 0 ? $", killed {string.Join(", ", summary.Killed)}" : "") +
                                    (signer is null ? "" : $", signed ({SignatureAlgorithms.Name(signer.Algorithm)})"));
            foreach (var connection in summary.NotCooperated)
            {
                _output.Error.WriteLine($"not cooperated (hung up at restore): {connection}");
            }

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
        catch (CheckpointCancelledException ex)
        {
            return _output.Fail(ExitCodes.CheckFailed, ex.Message);
        }
    }
}
