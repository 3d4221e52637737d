using System.Globalization;
using System.Runtime.InteropServices;

namespace Snapshot.Bench.Reporting;

/// <summary>The machine a report was measured on, in one line: processor model, cores, memory, kernel and .NET runtime.</summary>
public static class MachineDescription
{
    public static string Describe()
    {
        string processor = ReadField("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString();
        string memory = ReadField("/proc/meminfo", "MemTotal") is { } total
                        && long.TryParse(total.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], NumberStyles.None, CultureInfo.InvariantCulture, out long kib)
            ? (kib / (double)(1 << 20)).ToString("0.0", CultureInfo.InvariantCulture) + " GiB RAM"
            : "RAM unknown";
        return $"{processor}, {Environment.ProcessorCount} cores, {memory}, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}";
    }

    /// <summary>The value of the first "name : value" line of a /proc file, or null when it is not there.</summary>
    private static string? ReadField(string path, string name)
    {
        if (!File.Exists(path))
            return null;
        foreach (string line in File.ReadLines(path))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line[..colon].Trim() == name)
                return line[(colon + 1)..].Trim();
        }
        return null;
    }
}
