namespace KernelSim.Cli;

/// <summary>The exit codes of every kernel-sim command (documented in kernel-sim/README.md).</summary>
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>A check failed: the demo's verdict, a scenario's <c>expect</c>, a run that did not finish.</summary>
    public const int CheckFailed = 1;

    /// <summary>Bad input or usage: unknown option, missing or malformed file, refused image, unknown program or build.</summary>
    public const int BadInput = 2;

    /// <summary>A bug in kernel-sim (as sysexits.h's EX_SOFTWARE): reported in one line; no test reaches it.</summary>
    public const int InternalError = 70;
}
