using KernelSim.Assembler;

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
        _ => 0,
    };

    /// <summary>Counts in r3 forever: two instructions per increment.</summary>
    public const string Spin = """
        _start:
            addi r3, r3, 1
            jmp _start
        """;
}
