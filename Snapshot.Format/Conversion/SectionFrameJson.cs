using System.Globalization;
using System.Text.Json;

namespace Snapshot.Format.Conversion;

/// <summary>
/// The members every section has: <c>"type"</c> (a name, or hex for a type this library does not know),
/// <c>"version"</c>, and <c>"flags"</c> (<c>"critical"</c>, and <c>"bit N"</c> for reserved bits 1..15 a reader ignores).
/// </summary>
internal static class SectionFrameJson
{
    public static readonly string[] Fields = ["type", "version", "flags"];

    private const string Critical = "critical";

    public static void Write(Utf8JsonWriter json, SectionType type, ushort version, SectionFlags flags)
    {
        json.WriteString("type", SectionTypeNames.Of(type));
        json.WriteNumber("version", version);
        json.WriteStartArray("flags");
        for (int bit = 0; bit < 16; bit++)
        {
            if (((ushort)flags & (1 << bit)) != 0)
                json.WriteStringValue(bit == 0 ? Critical : string.Create(CultureInfo.InvariantCulture, $"bit {bit}"));
        }
        json.WriteEndArray();
    }

    public static (SectionType Type, ushort Version, SectionFlags Flags) Read(JsonCursor section)
    {
        SectionType type = SectionTypeNames.Parse(section.Property("type"));
        ushort version = section.Property("version").U16();
        ushort flags = 0;
        foreach (JsonCursor item in section.Property("flags").Items(16))
        {
            string text = item.Text();
            int bit = text == Critical ? 0
                : text.StartsWith("bit ", StringComparison.Ordinal) && int.TryParse(text.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out int n)
                    && n is >= 1 and <= 15 && string.Create(CultureInfo.InvariantCulture, $"bit {n}") == text ? n
                : item.Fail<int>($"'{text}' is not a section flag (\"critical\", or \"bit 1\" .. \"bit 15\")");
            if ((flags & (1 << bit)) != 0)
                item.Fail($"flag '{text}' is given twice");
            flags |= (ushort)(1 << bit);
        }
        return (type, version, (SectionFlags)flags);
    }
}
