using System.Globalization;
using Snapshot.Fuzz.Campaign;
using Snapshot.Fuzz.Corpus;
using Snapshot.Fuzz.Writing;

namespace Snapshot.Fuzz;

/// <summary>
/// <c>dotnet run -c Release --project tests/Snapshot.Fuzz -- [--seed N] [--iterations N] [--save DIR | --no-save]</c>:
/// a fuzz campaign; exit 0 without findings, 1 with findings, 2 for usage errors.
/// <c>-- replay [DIR]</c> feeds saved regressions to every target.
/// <c>-- write-image --output PATH --mib N --generation G [--pause-ms M]</c> writes a large image atomically (the crash test's writer).
/// </summary>
public static class Program
{
    private const string Usage =
        "usage: Snapshot.Fuzz [--seed N] [--iterations N] [--save DIR | --no-save] [--time-limit SECONDS]\n" +
        "       Snapshot.Fuzz replay [DIR]\n" +
        "       Snapshot.Fuzz write-image --output PATH --mib N --generation G [--pause-ms M]";

    public static int Main(string[] args)
    {
        try
        {
            return args.FirstOrDefault() switch
            {
                "replay" => Replay(args.Length > 1 ? args[1] : RegressionInputs.Directory),
                "write-image" => WriteImage(Options(args[1..])),
                _ => Fuzz(Options(args)),
            };
        }
        catch (UsageException ex)
        {
            Console.Error.WriteLine($"Snapshot.Fuzz: {ex.Message}");
            Console.Error.WriteLine(Usage);
            return 2;
        }
    }

    private static int Fuzz(Dictionary<string, string?> options)
    {
        var fuzz = new FuzzOptions
        {
            Seed = (int)Number(options, "--seed", 1),
            Iterations = (int)Number(options, "--iterations", 20000),
            TimeLimit = TimeSpan.FromSeconds(Number(options, "--time-limit", 10)),
            SaveDirectory = options.ContainsKey("--no-save") ? null : options.GetValueOrDefault("--save") ?? RegressionInputs.Directory,
        };
        Reject(options, "--seed", "--iterations", "--time-limit", "--save", "--no-save");
        using var campaign = new FuzzCampaign(fuzz, Console.Error);
        Console.Error.WriteLine($"fuzzing with seed {fuzz.Seed}, {fuzz.Iterations} inputs, targets: {string.Join(", ", campaign.TargetNames)}");
        var summary = campaign.Run();
        summary.WriteTo(Console.Out);
        return summary.Findings.Count == 0 ? 0 : 1;
    }

    private static int Replay(string directory)
    {
        var files = Directory.Exists(directory) ? Directory.GetFiles(directory, "*.snap") : [];
        using var campaign = new FuzzCampaign(new FuzzOptions(), Console.Error);
        var summary = campaign.Replay(files);
        summary.WriteTo(Console.Out);
        return summary.Findings.Count == 0 ? 0 : 1;
    }

    private static int WriteImage(Dictionary<string, string?> options)
    {
        var output = options.GetValueOrDefault("--output") ?? throw new UsageException("write-image needs --output PATH");
        var mebibytes = (int)Number(options, "--mib", 8);
        var generation = (ulong)Number(options, "--generation", 1);
        var pause = TimeSpan.FromMilliseconds(Number(options, "--pause-ms", 0));
        Reject(options, "--output", "--mib", "--generation", "--pause-ms");
        LargeImageWriter.Write(output, mebibytes, generation, pause, Console.Out);
        Console.Out.WriteLine("done");
        return 0;
    }

    private static Dictionary<string, string?> Options(string[] args)
    {
        var options = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new UsageException($"unexpected argument '{args[i]}'");
            }

            var name = args[i];
            options[name] = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : null;
        }

        return options;
    }

    private static long Number(Dictionary<string, string?> options, string name, long fallback)
    {
        if (!options.TryGetValue(name, out var text))
        {
            return fallback;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new UsageException($"{name} needs a non-negative number, not '{text}'");
    }

    private static void Reject(Dictionary<string, string?> options, params string[] known)
    {
        foreach (var name in options.Keys.Where(name => !known.Contains(name)).Order(StringComparer.Ordinal))
        {
            throw new UsageException($"unknown option '{name}'");
        }
    }
}
