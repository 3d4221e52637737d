using System.CommandLine;
using Snapshot.Format;

namespace KernelSim.Cli;

/// <summary>
/// The error-policy pair that checkpoint and restore share: --err-cancel (the default, said explicitly in scripts)
/// and --err-resume; giving both is a usage error.
/// </summary>
public sealed class ErrorPolicyOptions
{
    private readonly Option<bool> _cancel;
    private readonly Option<bool> _resume;

    /// <param name="cancel">What cancelling means for the command.</param>
    /// <param name="resume">What resuming means for the command.</param>
    public ErrorPolicyOptions(string cancel, string resume)
    {
        _cancel = new Option<bool>("--err-cancel") { Description = cancel + " (the default)." };
        _resume = new Option<bool>("--err-resume") { Description = resume };
    }

    public void AddTo(Command command)
    {
        command.Options.Add(_cancel);
        command.Options.Add(_resume);
        command.Validators.Add(result =>
        {
            if (result.GetValue(_cancel) && result.GetValue(_resume))
            {
                result.AddError("--err-cancel and --err-resume exclude each other");
            }
        });
    }

    public CheckpointErrorPolicy Resolve(ParseResult parseResult) =>
        parseResult.GetValue(_resume) ? CheckpointErrorPolicy.Resume : CheckpointErrorPolicy.Cancel;
}
