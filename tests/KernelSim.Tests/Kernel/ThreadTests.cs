using KernelSim.Kernel;
using KernelSim.Machine;
using KernelSim.Memory;
using KernelSim.Tests.Support;
using Snapshot.Format;

namespace KernelSim.Tests.Kernel;

public sealed class ThreadTests
{
    [Fact]
    public void A_new_thread_gets_its_argument_in_r1_its_own_stack_and_the_next_id()
    {
        var kernel = Microkernel.Boot();
        var task = kernel.Spawn(TestPrograms.Assemble("""
            _start:
                la r1, child
                li r2, 1234
                li r0, SYS_THREAD_CREATE
                syscall
                mov r8, r0
            done:
                jmp done
            child:
                mov r9, r1
                li r0, SYS_THREAD_ID
                syscall
                mov r10, r0
            spin:
                jmp spin
            """));
        kernel.Run(200);
        var main = task.FindThread(1)!;
        var child = task.FindThread(2)!;
        Assert.Equal(2UL, main.Registers.R[8]);
        Assert.Equal((1234UL, 2UL), (child.Registers.R[9], child.Registers.R[10]));
        var stack = task.AddressSpace.FindById(child.StackAreaId)!;
        Assert.Equal(AreaKind.Stack, stack.Kind);
        Assert.Equal(AddressSpaceLayout.StackSize, stack.Size);
        Assert.True(stack.End < AddressSpaceLayout.StackTop - AddressSpaceLayout.StackSize);
        Assert.Equal(3U, task.NextThreadId);
    }

    [Fact]
    public void A_fault_kills_the_task_with_a_console_line()
    {
        var kernel = Microkernel.Boot();
        var task = kernel.Spawn(TestPrograms.Assemble("""
            _start:
                li r1, 0
                ldq r2, [r1]
            """, name: "crash"));
        Assert.Equal(RunStop.AllExited, kernel.RunUntilExit(100).Stop);
        Assert.Equal("[kernel] task 1 (crash) thread 1: fault at pc 0x400008: read fault at 0x0; task killed\n", kernel.Console.Text);
        Assert.Equal(TaskState.Exited, task.State);
        Assert.Equal(-1L, task.ExitCode);
        Assert.Equal(0, task.AddressSpace.Count);
    }

    [Fact]
    public void Exit_of_the_last_thread_ends_the_task_and_unknown_syscalls_get_enosys()
    {
        var kernel = Microkernel.Boot();
        var task = kernel.Spawn(TestPrograms.Assemble("""
            _start:
                li r0, 99
                syscall
                stq r0, [sp-8]
                ldq r1, [sp-8]
                li r0, SYS_THREAD_EXIT
                syscall
            """));
        kernel.Run(3);
        Assert.Equal(unchecked((ulong)(long)SyscallError.NoSyscall), task.FindThread(1)!.Registers.R[0]);
        Assert.Equal(RunStop.AllExited, kernel.RunUntilExit(100).Stop);
        Assert.Equal(0L, task.ExitCode);
    }

    [Fact]
    public void Random_depends_only_on_the_seed_and_the_task()
    {
        static (ulong, ulong) Draw(ulong seed, int tasks)
        {
            var kernel = Microkernel.Boot(seed: seed);
            var program = TestPrograms.Assemble("""
                _start:
                    li r0, SYS_RANDOM
                    syscall
                    mov r8, r0
                    li r0, SYS_RANDOM
                    syscall
                    mov r9, r0
                done:
                    jmp done
                """);
            KernelTask? last = null;
            for (var i = 0; i < tasks; i++)
            {
                last = kernel.Spawn(program);
            }

            kernel.Run(300);
            return (last!.FindThread(1)!.Registers.R[8], last.FindThread(1)!.Registers.R[9]);
        }

        Assert.Equal(Draw(7, 1), Draw(7, 1));
        Assert.NotEqual(Draw(7, 1), Draw(8, 1));
        Assert.NotEqual(Draw(7, 1), Draw(7, 2));
        Assert.NotEqual(Draw(7, 1).Item1, Draw(7, 1).Item2);
    }

    [Fact]
    public void Kill_removes_every_thread_from_every_queue()
    {
        var kernel = Microkernel.Boot();
        var task = kernel.Spawn(TestPrograms.Assemble(FutexTests.WakeOrder));
        kernel.Run(40); // waiters are asleep or blocked on the futex
        kernel.Kill(task.Id);
        Assert.Equal(TaskState.Exited, task.State);
        Assert.Equal(0, kernel.Futexes.QueueCount);
        Assert.Equal(0, kernel.SleepQueue.Count);
        Assert.True(kernel.RunQueue.IsIdle);
        Assert.Throws<ArgumentException>(() => kernel.Kill(task.Id));
    }
}
