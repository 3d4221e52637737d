using System.CommandLine;
using KernelSim.Assembler;

namespace KernelSim.Cli;

/// <summary><c>kernel-sim programs</c>: lists the sample programs and what each one does.</summary>
public sealed class ProgramsCommand : Command
{
    private readonly CliOutput _output;

    public ProgramsCommand(CliOutput output)
        : base("programs", "List the sample programs (spawn them by name in scenarios and commands).")
    {
        _output = output;
        SetAction(_ => Execute());
    }

    public int Execute()
    {
        var width = ProgramLibrary.Names.Max(name => name.Length);
        foreach (var name in ProgramLibrary.Names)
        {
            _output.Out.WriteLine($"{name.PadRight(width)}  {ProgramDescription.Of(name)}");
        }

        return ExitCodes.Ok;
    }
}
