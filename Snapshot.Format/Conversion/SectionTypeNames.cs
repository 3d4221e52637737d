using System.Globalization;

namespace Snapshot.Format.Conversion;

/// <summary>Section types by name in JSON: the names of <see cref="SectionNames"/>, or "0x0077" for any other type.</summary>
internal static class SectionTypeNames
{
    private static readonly Dictionary<string, SectionType> s_byName =
        Enum.GetValues<SectionType>().ToDictionary(SectionNames.Of, StringComparer.Ordinal);

    public static string Of(SectionType type) => SectionNames.Of(type);

    public static SectionType Parse(JsonCursor value)
    {
        string text = value.Text();
        if (s_byName.TryGetValue(text, out SectionType type))
            return type;
        if (text.Length is > 2 and <= 10 && text.StartsWith("0x", StringComparison.Ordinal)
            && uint.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint number))
        {
            // A known type is always named, so that one type has one spelling.
            return Enum.IsDefined((SectionType)number)
                ? value.Fail<SectionType>($"section type {text} is called '{SectionNames.Of((SectionType)number)}'")
                : (SectionType)number;
        }
        return value.Fail<SectionType>(
            $"unknown section type '{text}' (known: {string.Join(", ", s_byName.Keys.Order(StringComparer.Ordinal))}; any other type as hex, e.g. 0x0077)");
    }
}
