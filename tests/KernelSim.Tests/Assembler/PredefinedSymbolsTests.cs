using KernelSim.Assembler;
using KernelSim.Machine;

namespace KernelSim.Tests.Assembler;

public sealed class PredefinedSymbolsTests
{
    [Theory]
    [InlineData("SYS_WRITE", 1UL)]
    [InlineData("SYS_THREAD_CREATE", 2UL)]
    [InlineData("SYS_THREAD_EXIT", 3UL)]
    [InlineData("SYS_TASK_EXIT", 4UL)]
    [InlineData("SYS_YIELD", 5UL)]
    [InlineData("SYS_SLEEP", 6UL)]
    [InlineData("SYS_FUTEX_WAIT", 7UL)]
    [InlineData("SYS_FUTEX_WAKE", 8UL)]
    [InlineData("SYS_AREA_CREATE", 9UL)]
    [InlineData("SYS_AREA_RESIZE", 10UL)]
    [InlineData("SYS_THREAD_ID", 11UL)]
    [InlineData("SYS_RANDOM", 12UL)]
    [InlineData("AREA_READ", 1UL)]
    [InlineData("AREA_WRITE", 2UL)]
    [InlineData("EAGAIN", unchecked((ulong)-11L))]
    [InlineData("ENOSYS", unchecked((ulong)-38L))]
    public void Names_and_values(string name, ulong value)
    {
        Assert.Equal(value, PredefinedSymbols.All[name]);
    }

    [Fact]
    public void Every_syscall_and_error_has_a_name()
    {
        foreach (var number in Enum.GetValues<SyscallNumber>())
            Assert.Equal((ulong)number, PredefinedSymbols.All[PredefinedSymbols.NameOf(number)]);
        foreach (var error in Enum.GetValues<SyscallError>())
            Assert.Equal((ulong)(long)error, PredefinedSymbols.All[PredefinedSymbols.NameOf(error)]);
        Assert.Equal(2 + Enum.GetValues<SyscallNumber>().Length + Enum.GetValues<SyscallError>().Length, PredefinedSymbols.All.Count);
    }
}
