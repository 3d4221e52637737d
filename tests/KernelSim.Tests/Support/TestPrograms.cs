using KernelSim.Assembler;
using KernelSim.Kernel;

namespace KernelSim.Tests.Support;

/// <summary>Small programs written for one kernel behaviour each, and the arguments the property tests give the samples.</summary>
public static class TestPrograms
{
    /// <summary>Assembles inline test source.</summary>
    public static AssembledProgram Assemble(string source, string name = "test") => KernelSim.Assembler.Assembler.Assemble(name, source);

    /// <summary>Sample program arguments small enough for property tests over many checkpoint moments.</summary>
    public static ulong PropertyArgument(string program) => program switch
    {
        "ckpt" => 12,
        "prodcons" => 6,
        "sieve" => 3000,
        "memmix" => 1,
        _ => 0,
    };

    /// <summary>
    /// How a sample's uninterrupted run ends: memmix waits on a futex for ever once its memory is filled (so the run
    /// stops as a deadlock: no thread can run again); every other sample exits.
    /// </summary>
    public static RunStop EndOf(string program) => program == "memmix" ? RunStop.Deadlock : RunStop.AllExited;

    /// <summary>Counts in r3 forever: two instructions per increment.</summary>
    public const string Spin = """
        _start:
            addi r3, r3, 1
            jmp _start
        """;

    /// <summary>Twenty rounds of: draw a random number, write its 8 bytes, sleep 3 ticks. Exercises the checkpointed generator state.</summary>
    public const string RandomWalk = """
        _start:
            li r8, 20
        loop:
            li r0, SYS_RANDOM
            syscall
            push r0
            mov r1, sp
            li r2, 8
            li r0, SYS_WRITE
            syscall
            pop r0
            li r1, 3
            li r0, SYS_SLEEP
            syscall
            subi r8, r8, 1
            cmp r8, 0
            bne loop
            li r1, 0
            li r0, SYS_TASK_EXIT
            syscall
        """;
}
