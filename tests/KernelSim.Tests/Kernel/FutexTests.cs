using KernelSim.Kernel;
using KernelSim.Machine;
using KernelSim.Tests.Support;

namespace KernelSim.Tests.Kernel;

public sealed class FutexTests
{
    /// <summary>Main lets a child block on a word, sets it and wakes the child, then tries a wait with a stale value.</summary>
    private const string WakeAndStaleWait = """
        _start:
            la r1, child
            li r2, 0
            li r0, SYS_THREAD_CREATE
            syscall
            li r1, 10
            li r0, SYS_SLEEP
            syscall
            la r4, word
            li r5, 1
            stq r5, [r4]
            mov r1, r4
            li r2, 5
            li r0, SYS_FUTEX_WAKE
            syscall
            mov r9, r0
            mov r1, r4
            li r2, 0
            li r0, SYS_FUTEX_WAIT
            syscall
            mov r10, r0
        done:
            jmp done
        child:
            la r1, word
            li r2, 0
            li r0, SYS_FUTEX_WAIT
            syscall
            mov r11, r0
            la r1, msg
            li r2, 1
            li r0, SYS_WRITE
            syscall
            li r0, SYS_THREAD_EXIT
            syscall
        .data
        word: .quad 0
        msg:  .ascii "c"
        """;

    /// <summary>Three waiters block on one word in the order 4, 3, 2 (by sleeping first); main wakes them one at a time.</summary>
    public const string WakeOrder = """
        _start:
            li r8, 3
        spawn:
            la r1, waiter
            li r2, 0
            li r0, SYS_THREAD_CREATE
            syscall
            subi r8, r8, 1
            cmp r8, 0
            bne spawn
            li r1, 150
            li r0, SYS_SLEEP
            syscall
            li r8, 3
        wake:
            la r1, word
            li r2, 1
            li r0, SYS_FUTEX_WAKE
            syscall
            li r1, 20
            li r0, SYS_SLEEP
            syscall
            subi r8, r8, 1
            cmp r8, 0
            bne wake
            li r1, 0
            li r0, SYS_TASK_EXIT
            syscall
        waiter:
            li r0, SYS_THREAD_ID
            syscall
            li r1, 5
            sub r1, r1, r0
            muli r1, r1, 20
            li r0, SYS_SLEEP
            syscall
            la r1, word
            li r2, 0
            li r0, SYS_FUTEX_WAIT
            syscall
            li r0, SYS_THREAD_ID
            syscall
            addi r0, r0, '0'
            push r0
            mov r1, sp
            li r2, 1
            li r0, SYS_WRITE
            syscall
            li r0, SYS_THREAD_EXIT
            syscall
        .data
        word: .quad 0
        """;

    [Fact]
    public void Wake_releases_a_waiter_and_a_stale_expected_value_gives_eagain()
    {
        var kernel = Microkernel.Boot();
        var task = kernel.Spawn(TestPrograms.Assemble(WakeAndStaleWait));
        kernel.Run(12);
        var child = task.FindThread(2)!;
        Assert.Equal(SchedulingState.Blocked, child.State);
        Assert.Equal(WaitReason.Futex, child.Wait!.Reason);
        Assert.Equal(1, kernel.Futexes.QueueCount);

        kernel.Run(200);
        var main = task.FindThread(1)!;
        Assert.Equal(1UL, main.Registers.R[9]);
        Assert.Equal(unchecked((ulong)(long)SyscallError.Again), main.Registers.R[10]);
        Assert.Equal("c", kernel.Console.Text);
        Assert.Null(task.FindThread(2));
        Assert.Equal(0, kernel.Futexes.QueueCount); // queues exist only while someone waits
        Assert.Equal(1, task.AddressSpace.Areas.Count(area => area.Kind == Snapshot.Format.AreaKind.Stack)); // the child's stack is gone
    }

    [Fact]
    public void Waiters_are_woken_in_the_order_they_blocked()
    {
        var kernel = Microkernel.Boot();
        kernel.Spawn(TestPrograms.Assemble(WakeOrder));
        Assert.Equal(RunStop.AllExited, kernel.RunUntilExit(10_000).Stop);
        Assert.Equal("432", kernel.Console.Text);
    }

    [Fact]
    public void Futex_calls_on_unaligned_or_unmapped_words_fail_cleanly()
    {
        var kernel = Microkernel.Boot();
        var main = kernel.Spawn(TestPrograms.Assemble("""
            _start:
                li r1, 0x10000004
                li r2, 0
                li r0, SYS_FUTEX_WAIT
                syscall
                mov r8, r0
                li r1, 0x20000000
                li r2, 0
                li r0, SYS_FUTEX_WAIT
                syscall
                mov r9, r0
            done:
                jmp done
            .data
            word: .quad 0
            """)).FindThread(1)!;
        kernel.Run(20);
        Assert.Equal(unchecked((ulong)(long)SyscallError.Invalid), main.Registers.R[8]);
        Assert.Equal(unchecked((ulong)(long)SyscallError.Fault), main.Registers.R[9]);
    }
}
