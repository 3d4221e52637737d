using System.Globalization;

namespace KernelSim.Scenarios;

/// <summary>Numbers in scenarios: decimal, or hexadecimal with 0x, with optional '_' separators.</summary>
public static class ScenarioNumbers
{
    public static bool TryParse(string text, out ulong value)
    {
        var digits = text.Replace("_", "", StringComparison.Ordinal);
        if (digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return ulong.TryParse(digits.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        }

        return ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
