using System.CommandLine;
using KernelSim.Kernel;
using KernelSim.Reporting;
using KernelSim.Restore;
using Snapshot.Format;
using Snapshot.Format.Signing;

namespace KernelSim.Cli;

/// <summary><c>kernel-sim restore IMAGE</c>: boots a kernel, restores the image's task and runs it, printing its console output.</summary>
public sealed class RestoreCommand : Command
{
    /// <summary>How long a restored task may run when no --ticks is given.</summary>
    public const ulong DefaultMaxTicks = 10_000_000;

    private readonly CliOutput _output;
    private readonly KernelOptions _kernel = new();
    private readonly Argument<string> _image = new("image") { Description = "The image file (.snap) to restore." };
    private readonly Option<ulong?> _ticks = new("--ticks") { Description = "Run this many ticks after the restore (default: until every task exits)." };
    private readonly Option<ulong> _maxTicks = new("--max-ticks")
    {
        Description = "Safety cap when running until exit.",
        DefaultValueFactory = _ => DefaultMaxTicks,
    };

    private readonly Option<bool> _acceptRepaired = new("--accept-repaired")
    {
        Description = "Restore an image that snaprepair rebuilt with losses (refused otherwise; the refusal says what was lost).",
    };

    private readonly Option<bool> _requireSignature = new("--require-signature")
    {
        Description = "Refuse an image that is not signed by the --verify-key key.",
    };

    private readonly Option<string?> _verifyKey = new("--verify-key")
    {
        Description = "Verify the image's signature with this key file (ECDSA P-256 public key in PEM, or the HMAC-SHA256 secret); a signed image that fails is refused.",
    };

    private readonly ErrorPolicyOptions _errorPolicy = new(
        "When a service the image's tasks were connected to is missing, or a name they registered is taken, refuse the restore before anything is created",
        "When a service the image's tasks were connected to is missing, or a name they registered is taken, hang that connection up (its pending calls get EHANGUP) instead of refusing the restore.");

    public RestoreCommand(CliOutput output)
        : base("restore", "Boot a kernel, restore the task of IMAGE and run it; stdout shows the console output produced after the restore.\n" +
                          "The image must come from the same kernel build (--kernel); otherwise convert it with snapupgrade first.\n" +
                          "Exit 0; 1 when the task did not finish (deadlock or --max-ticks reached); 2 when the image is refused or unreadable\n" +
                          "(a missing or duplicate server is refused unless --err-resume).")
    {
        _output = output;
        Arguments.Add(_image);
        Options.Add(_ticks);
        Options.Add(_maxTicks);
        Options.Add(_acceptRepaired);
        Options.Add(_requireSignature);
        Options.Add(_verifyKey);
        _errorPolicy.AddTo(this);
        _kernel.AddTo(this);
        SetAction(parseResult => Execute(
            parseResult.GetValue(_image)!,
            parseResult.GetValue(_ticks),
            parseResult.GetValue(_maxTicks),
            parseResult.GetValue(_kernel.Build)!,
            parseResult.GetValue(_kernel.Seed),
            new RestoreTrust(parseResult.GetValue(_acceptRepaired), parseResult.GetValue(_requireSignature), parseResult.GetValue(_verifyKey)),
            _errorPolicy.Resolve(parseResult)));
    }

    public int Execute(string image, ulong? ticks = null, ulong maxTicks = DefaultMaxTicks, string build = Microkernel.DefaultBuild, ulong seed = 0,
        RestoreTrust? trust = null, CheckpointErrorPolicy errorPolicy = CheckpointErrorPolicy.Cancel)
    {
        trust ??= new RestoreTrust();
        if (trust.RequireSignature && trust.VerifyKeyFile is null)
        {
            return _output.Fail(ExitCodes.BadInput, "--require-signature needs --verify-key KEYFILE");
        }

        SignatureVerifier? key = null;
        if (trust.VerifyKeyFile is not null)
        {
            try
            {
                key = SignatureVerifier.FromKeyFile(trust.VerifyKeyFile);
            }
            catch (SigningKeyException ex)
            {
                return _output.Fail(ExitCodes.BadInput, ex.Message);
            }
        }

        using (key)
        {
            return Execute(image, ticks, maxTicks, build, seed,
                new RestoreOptions { AcceptRepaired = trust.AcceptRepaired, RequireSignature = trust.RequireSignature, VerifyKey = key, ErrorPolicy = errorPolicy });
        }
    }

    private int Execute(string image, ulong? ticks, ulong maxTicks, string build, ulong seed, RestoreOptions options)
    {
        var kernel = KernelOptions.TryBoot(build, seed, out var error);
        if (kernel is null)
        {
            return _output.Fail(ExitCodes.BadInput, error!);
        }

        RestoreResult result;
        try
        {
            result = new Restorer(kernel).Restore(image, options);
        }
        catch (RestoreException ex)
        {
            return _output.Fail(ExitCodes.BadInput, ex.Message);
        }

        foreach (var restored in result.Tasks)
        {
            var note = restored.KeptTaskId ? "" : $" (its id {restored.ImageTaskId} was taken)";
            _output.Error.WriteLine($"restored task {restored.Task.Id} ({restored.Task.Name}){note} from {image}: {Quantity.Of(restored.Task.ThreadCount, "thread")}");
        }

        foreach (var note in result.Notes)
        {
            _output.Error.WriteLine(note);
        }

        if (ticks is { } count)
        {
            kernel.Run(count);
            _output.Out.Write(kernel.Console.Text);
            _output.Error.WriteLine($"ran {count} ticks");
            return ExitCodes.Ok;
        }

        var run = kernel.RunUntilExit(maxTicks);
        _output.Out.Write(kernel.Console.Text);
        return run.Stop switch
        {
            RunStop.AllExited => Report(run),
            RunStop.Deadlock => _output.Fail(ExitCodes.CheckFailed, $"deadlock after {run.Ticks} ticks: every thread waits on a futex nobody can wake"),
            _ => _output.Fail(ExitCodes.CheckFailed, $"still running after {run.Ticks} ticks (raise --max-ticks)"),
        };
    }

    private int Report(RunResult run)
    {
        _output.Error.WriteLine($"all tasks exited after {run.Ticks} ticks");
        return ExitCodes.Ok;
    }
}
