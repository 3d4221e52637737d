namespace KernelSim.Cli;

/// <summary>The trust options of <c>kernel-sim restore</c>, as given on the command line (the key as a file name).</summary>
public sealed record RestoreTrust(bool AcceptRepaired = false, bool RequireSignature = false, string? VerifyKeyFile = null);
