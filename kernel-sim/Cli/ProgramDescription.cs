using KernelSim.Assembler;

namespace KernelSim.Cli;

/// <summary>A sample program's one-line description: the first comment line of its source.</summary>
public static class ProgramDescription
{
    public static string Of(string name)
    {
        foreach (var raw in ProgramLibrary.Source(name).ReplaceLineEndings("\n").Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line[0] is ';' or '#')
            {
                var text = line.TrimStart(';', '#', ' ').Trim();
                if (text.Length > 0)
                {
                    return text;
                }

                continue;
            }

            break;
        }

        return "";
    }
}
