using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Snapshot.Format.Layout;

namespace Snapshot.Format.Conversion;

/// <summary>
/// One value of the JSON document being encoded, with its JSONPath: every typed read checks the value's kind
/// and range and fails with an <see cref="ImageJsonException"/> naming exactly that path.
/// </summary>
internal readonly struct JsonCursor
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public JsonCursor(JsonElement element, string path)
    {
        Element = element;
        Path = path;
    }

    public JsonElement Element { get; }

    public string Path { get; }

    public JsonValueKind Kind => Element.ValueKind;

    /// <summary>The required member <paramref name="name"/> of this object.</summary>
    public JsonCursor Property(string name) =>
        Optional(name) ?? Fail<JsonCursor>($"missing field '{name}'");

    /// <summary>The member <paramref name="name"/> of this object, or null when absent.</summary>
    public JsonCursor? Optional(string name)
    {
        RequireKind(JsonValueKind.Object, "an object");
        return Element.TryGetProperty(name, out JsonElement value) ? new JsonCursor(value, Member(Path, name)) : null;
    }

    /// <summary>
    /// Refuses members other than <paramref name="allowed"/> and repeated members: a misspelt field must not be
    /// silently ignored, and a repeated one would make the document mean two things.
    /// </summary>
    public void AllowOnly(params ReadOnlySpan<string> allowed)
    {
        RequireKind(JsonValueKind.Object, "an object");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonProperty property in Element.EnumerateObject())
        {
            if (!seen.Add(property.Name))
                Fail($"field '{property.Name}' appears twice");
            bool known = false;
            foreach (string name in allowed)
                known |= string.Equals(name, property.Name, StringComparison.Ordinal);
            if (!known)
                new JsonCursor(property.Value, Member(Path, property.Name)).Fail($"unknown field '{property.Name}' (expected one of: {string.Join(", ", allowed.ToArray())})");
        }
    }

    /// <summary>The members of this object in document order, at most <paramref name="limit"/>.</summary>
    public IEnumerable<(string Name, JsonCursor Value)> Members(int limit)
    {
        RequireKind(JsonValueKind.Object, "an object");
        int count = 0;
        foreach (JsonProperty property in Element.EnumerateObject())
        {
            if (++count > limit)
                Fail($"more than {limit} members");
            yield return (property.Name, new JsonCursor(property.Value, Member(Path, property.Name)));
        }
    }

    /// <summary>The items of this array; more than <paramref name="limit"/> is refused before any is read.</summary>
    public IReadOnlyList<JsonCursor> Items(int limit)
    {
        RequireKind(JsonValueKind.Array, "an array");
        int length = Element.GetArrayLength();
        if (length > limit)
            Fail($"{length} items, more than the limit {limit}");
        var items = new JsonCursor[length];
        int i = 0;
        foreach (JsonElement item in Element.EnumerateArray())
        {
            items[i] = new JsonCursor(item, string.Create(CultureInfo.InvariantCulture, $"{Path}[{i}]"));
            i++;
        }
        return items;
    }

    /// <summary>An unsigned integer no larger than <paramref name="max"/>: a JSON number, or a string "0x…" in hex.</summary>
    public ulong Unsigned(ulong max = ulong.MaxValue)
    {
        ulong value = Kind switch
        {
            JsonValueKind.Number when Element.TryGetUInt64(out ulong number) => number,
            JsonValueKind.Number => Fail<ulong>($"{Element.GetRawText()} is not an unsigned integer"),
            JsonValueKind.String when TryParseHex(Element.GetString()!, out ulong hex) => hex,
            _ => Fail<ulong>($"expected an unsigned integer (or a \"0x…\" hex string), found {Describe()}"),
        };
        if (value > max)
            Fail($"{value} exceeds the largest allowed value {max}");
        return value;
    }

    public ushort U16() => (ushort)Unsigned(ushort.MaxValue);

    public uint U32() => (uint)Unsigned(uint.MaxValue);

    public bool Boolean() => Kind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => Fail<bool>($"expected true or false, found {Describe()}"),
    };

    /// <summary>Any JSON string.</summary>
    public string Text()
    {
        RequireKind(JsonValueKind.String, "a string");
        return Element.GetString()!;
    }

    /// <summary>A string as the format stores it: valid UTF-8 of at most 4096 bytes.</summary>
    public string FormatString()
    {
        string text = Text();
        int length;
        try
        {
            length = s_strictUtf8.GetByteCount(text);
        }
        catch (EncoderFallbackException)
        {
            return Fail<string>("is not valid Unicode (a lone surrogate cannot be stored as UTF-8)");
        }
        if (length > FormatLimits.MaxStringLength)
            Fail($"{length} UTF-8 bytes, more than the format's {FormatLimits.MaxStringLength}");
        return text;
    }

    /// <summary>A SHA-256 hash as 64 hex digits.</summary>
    public Hash256 Hash()
    {
        byte[] bytes = Hex(Hash256.Size);
        if (bytes.Length != Hash256.Size)
            Fail($"a hash is {Hash256.Size * 2} hex digits, found {bytes.Length * 2}");
        return Hash256.Read(bytes);
    }

    /// <summary>Bytes as hexadecimal digits, at most <paramref name="maxBytes"/> of them (checked before decoding).</summary>
    public byte[] Hex(int maxBytes)
    {
        string text = Text();
        if (text.Length > (long)maxBytes * 2)
            Fail($"{text.Length / 2} bytes of hex, more than the limit {maxBytes}");
        if (text.Length % 2 != 0)
            Fail("hex digits come in pairs (an odd count was given)");
        try
        {
            return Convert.FromHexString(text);
        }
        catch (FormatException)
        {
            return Fail<byte[]>("is not hexadecimal");
        }
    }

    /// <summary>Bytes as base64 (RFC 4648, padded), at most <paramref name="maxBytes"/> of them (checked before decoding).</summary>
    public byte[] Base64(int maxBytes)
    {
        string text = Text();
        if (text.Length / 4 * 3L > maxBytes + 2L)
            Fail($"about {text.Length / 4 * 3} bytes of base64, more than the limit {maxBytes}");
        byte[] buffer = new byte[text.Length / 4 * 3];
        if (!Convert.TryFromBase64String(text, buffer, out int written))
            Fail("is not base64");
        if (written > maxBytes)
            Fail($"{written} bytes, more than the limit {maxBytes}");
        return written == buffer.Length ? buffer : buffer[..written];
    }

    /// <summary>One of <paramref name="names"/>, as a string.</summary>
    public T Choice<T>(IReadOnlyList<(string Name, T Value)> names)
    {
        string text = Text();
        foreach ((string name, T value) in names)
        {
            if (string.Equals(name, text, StringComparison.Ordinal))
                return value;
        }
        return Fail<T>($"'{text}' is not one of: {string.Join(", ", names.Select(n => n.Name))}");
    }

    [DoesNotReturn]
    public void Fail(string reason) => throw new ImageJsonException(Path, reason);

    [DoesNotReturn]
    public T Fail<T>(string reason) => throw new ImageJsonException(Path, reason);

    /// <summary>A member's path: <c>$.a.b</c> for identifier-like names, <c>$.a['0']</c> otherwise.</summary>
    public static string Member(string path, string name)
    {
        bool plain = name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_')
            && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
        return plain ? $"{path}.{name}" : $"{path}['{name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)}']";
    }

    private void RequireKind(JsonValueKind kind, string what)
    {
        if (Kind != kind)
            Fail($"expected {what}, found {Describe()}");
    }

    private string Describe() => Kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static bool TryParseHex(string text, out ulong value)
    {
        value = 0;
        return text.Length is > 2 and <= 18 && text.StartsWith("0x", StringComparison.Ordinal)
            && ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
    }
}
