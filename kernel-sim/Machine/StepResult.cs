namespace KernelSim.Machine;

/// <summary>What happened when the CPU executed one instruction.</summary>
public enum StepResult
{
    /// <summary>An ordinary instruction ran; pc points at the next one.</summary>
    Executed,

    /// <summary>A <c>syscall</c> instruction ran; pc already points past it. The kernel reads r0..r5 and writes the result to r0.</summary>
    Syscall,

    /// <summary>The instruction faulted (bad memory access, bad opcode, division by zero); pc still points at it.</summary>
    Fault,
}
