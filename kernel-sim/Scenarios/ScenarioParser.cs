using KernelSim.Kernel;
using KernelSim.Services;
using KernelSim.Scenarios.Steps;

namespace KernelSim.Scenarios;

/// <summary>Line-oriented parser of the scenario format (see kernel-sim/README.md): one command per line, '#' starts a comment.</summary>
internal static class ScenarioParser
{
    private const string Commands =
        "boot, spawn, run, checkpoint, kill, restore, print, expect, input, file, expect-file, delete-file, truncate-file, write-file, service";

    public static IReadOnlyList<ScenarioStep> Parse(string fileName, string text)
    {
        var steps = new List<ScenarioStep>();
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = StripComment(lines[i]).Trim();
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                steps.Add(ParseLine(i + 1, line));
            }
            catch (StepException ex)
            {
                throw new ScenarioException(fileName, i + 1, ex.Message);
            }
        }

        return steps;
    }

    private static ScenarioStep ParseLine(int number, string line)
    {
        if (ParseQuoted(number, line) is { } quoted)
        {
            return quoted;
        }

        var words = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var args = new Words(words);
        var command = args.Next("a command");
        ScenarioStep step = command switch
        {
            "boot" => ParseBoot(number, args),
            "spawn" => ParseSpawn(number, args),
            "run" => ParseRun(number, args),
            "checkpoint" => CheckpointStep.Parse(number, args.Rest()),
            "kill" => new KillStep(number, args.Next("a task label")),
            "restore" => RestoreStep.Parse(number, args.Rest()),
            "print" => ParsePrint(number, args),
            "expect" => ParseExpect(number, line, args),
            "file" => ParseGeneratedFile(number, args),
            "delete-file" => new FileChangeStep(number, FileChange.Delete, args.Next("a file path"), 0, []),
            "truncate-file" => new FileChangeStep(number, FileChange.Truncate, args.Next("a file path"), args.Number("a size"), []),
            "service" => ParseService(number, args),
            "input" or "expect-file" or "write-file" => throw new StepException($"'{command}' needs quoted text (\"...\") at the end of the line"),
            _ => throw new StepException($"unknown command '{command}' (commands: {Commands})"),
        };
        args.End();
        return step;
    }

    private static BootStep ParseBoot(int number, Words args)
    {
        var build = Microkernel.DefaultBuild;
        if (args.Peek() is { } first && first is not ("seed" or "without"))
        {
            build = args.Next("a build");
        }

        var seed = args.OptionalKeyword("seed") ? args.Number("a seed") : 0;
        var without = new SortedSet<string>(StringComparer.Ordinal);
        if (args.OptionalKeyword("without"))
        {
            without.Add(args.Next("a service after 'without'"));
            while (args.Peek() is not null)
            {
                without.Add(args.Next("a service"));
            }
        }

        if (without.FirstOrDefault(name => ServiceIds.Find(name) is null) is { } unknown)
        {
            throw new StepException($"unknown service '{unknown}' (services: {string.Join(", ", ServiceIds.All.Select(ServiceIds.NameOf))})");
        }

        return new BootStep(number, build, seed, string.Join(',', without));
    }

    /// <summary>The commands that end in quoted text: <c>input</c>, <c>file PATH "…"</c>, <c>expect-file</c>, <c>write-file</c>; null for any other line.</summary>
    private static ScenarioStep? ParseQuoted(int number, string line)
    {
        var command = line.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries)[0];
        if (command is not ("input" or "file" or "expect-file" or "write-file") || !line.Contains('"', StringComparison.Ordinal))
        {
            return null;
        }

        var (head, text) = ScenarioText.SplitQuoted(line);
        var args = new Words(head.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        args.Next("a command");
        ScenarioStep step = command switch
        {
            "input" => new InputStep(number, args.OptionalKeyword("at") ? args.Number("a tick after 'at'") : null, text),
            "file" => new FileStep(number, args.Next("a file path"), text),
            "expect-file" => new ExpectFileStep(number, args.Next("a file path"), text),
            _ => new FileChangeStep(number, FileChange.Write, args.Next("a file path"), 0, text),
        };
        args.End();
        return step;
    }

    private static FileStep ParseGeneratedFile(int number, Words args)
    {
        var path = args.Next("a file path");
        args.Keyword("size");
        var size = args.Number("a size in bytes");
        if (size > (ulong)Services.Vfs.MemoryFileSystem.MaxFileSize)
        {
            throw new StepException($"a file holds at most {Services.Vfs.MemoryFileSystem.MaxFileSize} bytes");
        }

        args.Keyword("seed");
        return new FileStep(number, path, FileStep.Generate((int)size, args.Number("a seed")));
    }

    private static ServiceStep ParseService(int number, Words args)
    {
        var name = args.Next("a service name");
        args.Keyword("uncooperative");
        return new ServiceStep(number, name);
    }

    private static SpawnStep ParseSpawn(int number, Words args)
    {
        var program = args.Next("a program name or file");
        ulong argument = 0;
        string? label = null;
        while (args.Peek() is { } word)
        {
            if (args.OptionalKeyword("arg"))
            {
                argument = args.Number("an argument after 'arg'");
            }
            else if (args.OptionalKeyword("as"))
            {
                label = args.Next("a label after 'as'");
            }
            else
            {
                throw new StepException($"unexpected '{word}' (expected 'arg N' or 'as LABEL')");
            }
        }

        return new SpawnStep(number, program, argument, label);
    }

    private static ScenarioStep ParseRun(int number, Words args)
    {
        if (args.OptionalKeyword("until-exit"))
        {
            var max = args.OptionalKeyword("max") ? args.Number("a tick limit after 'max'") : RunUntilExitStep.DefaultMaxTicks;
            return new RunUntilExitStep(number, max);
        }

        return new RunStep(number, args.Number("a tick count or 'until-exit'"));
    }

    private static ScenarioStep ParsePrint(int number, Words args) => args.Next("'console', 'tasks' or 'file PATH'") switch
    {
        "console" => new PrintStep(number, PrintWhat.Console),
        "tasks" => new PrintStep(number, PrintWhat.Tasks),
        "file" => new PrintFileStep(number, args.Next("a file path")),
        var other => throw new StepException($"cannot print '{other}' (expected 'console', 'tasks' or 'file PATH')"),
    };

    private static ScenarioStep ParseExpect(int number, string line, Words args)
    {
        var what = args.Next("'console-equals', 'console-contains' or 'exited'");
        switch (what)
        {
            case "console-equals":
                return new ExpectConsoleStep(number, WholeFile: true, args.Next("a file"));
            case "console-contains":
                var text = line[(line.IndexOf("console-contains", StringComparison.Ordinal) + "console-contains".Length)..].Trim();
                if (text.Length >= 2 && text[0] == '"' && text[^1] == '"')
                {
                    text = text[1..^1];
                }

                if (text.Length == 0)
                {
                    throw new StepException("'console-contains' needs the text to look for");
                }

                args.SkipRest();
                return new ExpectConsoleStep(number, WholeFile: false, text);
            case "exited":
                var task = args.Next("a task label");
                long? code = null;
                if (args.OptionalKeyword("code"))
                {
                    var word = args.Next("an exit code");
                    code = long.TryParse(word, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var parsed)
                        ? parsed
                        : throw new StepException($"'{word}' is not an exit code");
                }

                return new ExpectExitStep(number, task, code);
            default:
                throw new StepException($"unknown expectation '{what}' (expected 'console-equals', 'console-contains' or 'exited')");
        }
    }

    private static string StripComment(string line)
    {
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && line[i] == '#' && (i == 0 || char.IsWhiteSpace(line[i - 1])))
            {
                return line[..i];
            }
        }

        return line;
    }

    /// <summary>The words of one line, consumed left to right.</summary>
    private sealed class Words(string[] words)
    {
        private int _next;

        public string? Peek() => _next < words.Length ? words[_next] : null;

        public string Next(string what) =>
            _next < words.Length ? words[_next++] : throw new StepException($"missing {what}");

        public ulong Number(string what)
        {
            var word = Next(what);
            return ScenarioNumbers.TryParse(word, out var value) ? value : throw new StepException($"'{word}' is not a number (expected {what})");
        }

        public void Keyword(string keyword)
        {
            var word = Next($"'{keyword}'");
            if (word != keyword)
            {
                throw new StepException($"expected '{keyword}', found '{word}'");
            }
        }

        public bool OptionalKeyword(string keyword)
        {
            if (Peek() == keyword)
            {
                _next++;
                return true;
            }

            return false;
        }

        public void SkipRest() => _next = words.Length;

        /// <summary>The words not consumed yet (a step that parses its own options); consumes them.</summary>
        public IReadOnlyList<string> Rest()
        {
            var rest = words[_next..];
            _next = words.Length;
            return rest;
        }

        public void End()
        {
            if (_next < words.Length)
            {
                throw new StepException($"unexpected '{words[_next]}' at the end of the line");
            }
        }
    }
}
