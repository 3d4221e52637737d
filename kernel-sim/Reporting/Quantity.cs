using System.Globalization;

namespace KernelSim.Reporting;

/// <summary>Counts in messages: "1 thread", "3 threads".</summary>
public static class Quantity
{
    public static string Of(long count, string noun) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + (count == 1 ? noun : noun + "s");
}
