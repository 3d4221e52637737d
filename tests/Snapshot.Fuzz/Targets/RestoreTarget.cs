using KernelSim.Kernel;
using KernelSim.Restore;

namespace Snapshot.Fuzz.Targets;

/// <summary>kernel-sim restore into a fresh kernel, then a bounded run of the restored task.</summary>
public sealed class RestoreTarget : FuzzTarget
{
    private const ulong TicksAfterRestore = 200;

    // Small enough that a compression bomb is refused quickly, large enough for every seed.
    private static readonly RestoreOptions s_options = new() { AcceptRepaired = true, MaxResidentBytes = 64UL << 20 };

    public override string Name => "restore";

    public override TargetOutcome Run(FuzzInput input)
    {
        var kernel = Microkernel.Boot();
        try
        {
            new Restorer(kernel).Restore(input.Path, s_options);
        }
        catch (RestoreException ex) when (ex.Message.Contains('\n', StringComparison.Ordinal))
        {
            throw new FuzzViolation($"refusal is not one line: {ex.Message}");
        }

        kernel.Run(TicksAfterRestore);
        return TargetOutcome.Accepted;
    }

    public override bool IsDocumented(Exception exception) => exception is RestoreException;
}
