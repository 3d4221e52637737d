using System.Globalization;
using System.Text.Json;

namespace Snapshot.Format.Conversion;

/// <summary>
/// 64-bit integers in the document: a JSON number up to 2^53 − 1, above that a string "0x…" (16 hex digits).
/// Many JSON tools (jq 1.6, JavaScript) parse numbers as doubles and would silently round a larger value, and an
/// edited document must not change fields nobody edited. Encode accepts either form for any integer.
/// </summary>
internal static class JsonIntegers
{
    /// <summary>The largest integer a double holds exactly (Number.MAX_SAFE_INTEGER).</summary>
    public const ulong MaxExact = (1UL << 53) - 1;

    public static void Write(Utf8JsonWriter json, string property, ulong value)
    {
        json.WritePropertyName(property);
        WriteValue(json, value);
    }

    public static void WriteValue(Utf8JsonWriter json, ulong value)
    {
        if (value <= MaxExact)
            json.WriteNumberValue(value);
        else
            json.WriteStringValue(string.Create(CultureInfo.InvariantCulture, $"0x{value:x16}"));
    }
}
