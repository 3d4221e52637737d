namespace KernelSim.Services.Console;

/// <summary>The console protocol (user methods 1100, 1101).</summary>
public static class ConsoleMethods
{
    /// <summary>write(arg1 buffer, arg2 length) → bytes written (at most <see cref="Kernel.KernelLimits.MaxWriteLength"/>), appended to the console log.</summary>
    public const ulong Write = 1100;

    /// <summary>read(arg1 = 1) → the next input byte; the call stays pending until input is there.</summary>
    public const ulong Read = 1101;
}
