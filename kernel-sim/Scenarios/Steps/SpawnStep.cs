using KernelSim.Assembler;

namespace KernelSim.Scenarios.Steps;

/// <summary><c>spawn PROGRAM [arg N] [as LABEL]</c>: a sample program by name, or a .s file relative to the scenario.</summary>
public sealed record SpawnStep(int Line, string Program, ulong Argument, string? Label) : ScenarioStep(Line)
{
    public override void Execute(ScenarioContext context)
    {
        var kernel = context.Kernel;
        AssembledProgram program;
        try
        {
            if (ProgramLibrary.Names.Contains(Program, StringComparer.Ordinal))
            {
                program = ProgramLibrary.Load(Program);
            }
            else
            {
                var path = context.ResolvePath(Program);
                program = File.Exists(path)
                    ? ProgramLibrary.Load(path)
                    : throw new StepException($"'{Program}' is neither a sample program ({string.Join(", ", ProgramLibrary.Names)}) nor a file ({path})");
            }
        }
        catch (Exception ex) when (ex is ArgumentException or AssemblerException)
        {
            throw new StepException(ex.Message, inner: ex);
        }

        var task = kernel.Spawn(program, Argument);
        if (Label is not null)
        {
            context.Bind(Label, task.Id);
        }

        context.Log.WriteLine($"tick {kernel.Now}: spawn {program.Name} arg {Argument} as task {task.Id}{(Label is null ? "" : $" ({Label})")}");
    }
}
