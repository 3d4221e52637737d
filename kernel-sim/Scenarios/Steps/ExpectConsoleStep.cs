using System.Text;

namespace KernelSim.Scenarios.Steps;

/// <summary>
/// <c>expect console-equals FILE</c> (the whole console equals the file, line endings normalised to LF)
/// or <c>expect console-contains TEXT</c>.
/// </summary>
public sealed record ExpectConsoleStep(int Line, bool WholeFile, string Operand) : ScenarioStep(Line)
{
    public override void Execute(ScenarioContext context)
    {
        var actual = context.Kernel.Console.Text;
        if (!WholeFile)
        {
            if (!actual.Contains(Operand, StringComparison.Ordinal))
            {
                throw new StepException($"console does not contain \"{Operand}\"", ScenarioFailure.Expectation);
            }

            return;
        }

        string expected;
        try
        {
            expected = File.ReadAllText(context.ResolvePath(Operand), Encoding.UTF8).ReplaceLineEndings("\n");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StepException($"cannot read {Operand}: {ex.Message}", inner: ex);
        }

        if (actual != expected)
        {
            var at = FirstDifference(actual, expected);
            var line = actual.AsSpan(0, Math.Min(at, actual.Length)).Count('\n') + 1;
            throw new StepException($"console differs from {Operand} at line {line} (byte {at}; console {actual.Length} bytes, file {expected.Length})",
                ScenarioFailure.Expectation);
        }
    }

    private static int FirstDifference(string a, string b)
    {
        var length = Math.Min(a.Length, b.Length);
        for (var i = 0; i < length; i++)
        {
            if (a[i] != b[i])
            {
                return i;
            }
        }

        return length;
    }
}
