namespace KernelSim.Machine;

/// <summary>
/// The bits of <see cref="RegisterFile.Flags"/>. Only <c>cmp</c>, <c>cmpi</c> and <c>cas</c> write them
/// (all three bits at once, the others stay zero); arithmetic leaves them alone, so a compare
/// can be separated from its branch by address arithmetic.
/// </summary>
[Flags]
public enum CpuFlags : ulong
{
    None = 0,

    /// <summary>The operands were equal.</summary>
    Zero = 1,

    /// <summary>The first operand was less than the second as signed 64-bit integers.</summary>
    Less = 2,

    /// <summary>The first operand was below the second as unsigned 64-bit integers.</summary>
    Below = 4,
}
