namespace Snapshot.Bench.Measuring;

/// <summary>
/// The machine's 1-, 5- and 15-minute load averages (/proc/loadavg), recorded before and after the measurements:
/// other work on the machine slows tool and peer alike, but makes every figure noisier, and the report should say so.
/// </summary>
public static class LoadAverage
{
    public static string Read()
    {
        const string path = "/proc/loadavg";
        if (!File.Exists(path))
            return "unknown";
        string[] words = File.ReadAllText(path).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length >= 3 ? $"{words[0]} {words[1]} {words[2]}" : "unknown";
    }
}
