using KernelSim.Assembler;
using KernelSim.Kernel;
using KernelSim.Machine;
using KernelSim.Syscalls;
using KernelSim.Tests.Support;
using Snapshot.Format.Kernels;

namespace KernelSim.Tests.Ipc;

/// <summary>The IPC syscalls as user code sees them: numbers, registers, and errors for bad pointers and lengths.</summary>
public sealed class IpcSyscallAbiTests
{
    [Fact]
    public void The_ipc_syscalls_follow_the_existing_abi_numbers_and_have_assembler_names()
    {
        Assert.Equal(
            [(13UL, "SYS_IPC_CALL_ASYNC"), (14UL, "SYS_IPC_CALL_SYNC"), (15UL, "SYS_IPC_WAIT"), (16UL, "SYS_IPC_ANSWER"),
             (17UL, "SYS_IPC_FORWARD"), (18UL, "SYS_IPC_HANGUP"), (19UL, "SYS_IPC_DATA_FINALIZE"), (20UL, "SYS_IPC_SHARE_FINALIZE")],
            Enum.GetValues<SyscallNumber>().Where(n => (ulong)n is >= 13 and <= 20).Select(n => ((ulong)n, PredefinedSymbols.NameOf(n))));
        Assert.Equal(unchecked((ulong)-32L), PredefinedSymbols.All["EHANGUP"]);
        Assert.Equal(unchecked((ulong)-2L), PredefinedSymbols.All["ENOENT"]);
        Assert.Equal(unchecked((ulong)-17L), PredefinedSymbols.All["EEXIST"]);
    }

    [Fact]
    public void Builds_whose_profile_lacks_them_get_the_reserved_internal_numbers_without_clashes()
    {
        var kernel = Microkernel.Boot();
        var profileNumbers = KernelBuildCatalog.Find(Microkernel.DefaultBuild)!.Syscalls.Values.ToHashSet();
        var ipcNames = new[]
        {
            SyscallNames.IpcCallAsync, SyscallNames.IpcCallSync, SyscallNames.IpcWait, SyscallNames.IpcAnswer,
            SyscallNames.IpcForward, SyscallNames.IpcHangup, SyscallNames.IpcDataFinalize, SyscallNames.IpcShareFinalize,
        };
        var numbers = ipcNames.Select(kernel.Syscalls.InternalNumber).ToArray();
        Assert.Equal([0x100u, 0x101, 0x102, 0x103, 0x104, 0x105, 0x108, 0x109], numbers); // 0x106, 0x107 (register, connect) are retired
        Assert.DoesNotContain(numbers, profileNumbers.Contains);
    }

    [Fact]
    public void Bad_pointers_and_lengths_get_EFAULT_and_EINVAL_before_anything_happens()
    {
        var kernel = Microkernel.Boot();
        kernel.AddService(new TestNamingService());
        var task = kernel.Spawn(TestPrograms.Assemble("""
            _start:
                li r1, 1
                li r2, 0
                li r0, SYS_IPC_CALL_ASYNC      ; message at address 0
                syscall
                mov r8, r0
                li r1, 1
                li r2, 0
                li r0, SYS_IPC_CALL_SYNC
                syscall
                mov r9, r0
                li r1, 0
                la r2, hungup
                li r0, SYS_IPC_CALL_ASYNC      ; the kernel's own method
                syscall
                mov r10, r0
                li r1, 3
                la r2, name
                li r3, 8
                li r0, SYS_IPC_DATA_FINALIZE   ; no call 3
                syscall
                mov r11, r0
                li r1, 3
                li r2, 0
                li r3, 1
                li r0, SYS_IPC_SHARE_FINALIZE  ; no call 3
                syscall
                mov r12, r0
                li r1, 1
                la r2, name
                li r0, SYS_IPC_CALL_ASYNC      ; no phone 1
                syscall
                mov r13, r0
                li r1, 7
                la r2, name
                li r0, SYS_IPC_ANSWER          ; no call 7
                syscall
                mov r14, r0
                li r15, 1
            done:
                jmp done
            .data
            name: .zero 64
            hungup: .quad 1, 0, 0, 0, 0, 0
            """));
        var thread = task.FindThread(1)!;
        kernel.Run(200);
        Assert.Equal(1UL, thread.Registers.R[15]);
        ulong E(SyscallError error) => unchecked((ulong)(long)error);
        Assert.Equal(
            [E(SyscallError.Fault), E(SyscallError.Fault), E(SyscallError.Invalid), E(SyscallError.NoEntry), E(SyscallError.NoEntry),
             E(SyscallError.NoEntry), E(SyscallError.NoEntry)],
            thread.Registers.R[8..15]);
        Assert.True(task.Ipc.IsPristine);
    }
}
