using System.Globalization;

namespace KernelSim.Assembler;

/// <summary>Splits one source line into tokens; ';' and '#' start a comment outside literals.</summary>
internal static class LineTokenizer
{
    private const string PunctuationChars = ",:[]()+-*/~&|^";

    /// <summary>Tokens of <paramref name="line"/>; <paramref name="error"/> explains the first bad character.</summary>
    public static List<Token> Tokenize(string line, Func<string, Exception> error)
    {
        var tokens = new List<Token>();
        int i = 0;
        while (i < line.Length)
        {
            char c = line[i];
            if (c is ';' or '#')
                break;
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (IsIdentifierStart(c))
            {
                int start = i;
                while (i < line.Length && IsIdentifierPart(line[i]))
                    i++;
                tokens.Add(new Token(TokenKind.Identifier, line[start..i], start));
            }
            else if (char.IsAsciiDigit(c))
            {
                int start = i;
                while (i < line.Length && (char.IsAsciiLetterOrDigit(line[i]) || line[i] == '_'))
                    i++;
                string text = line[start..i];
                tokens.Add(new Token(TokenKind.Number, text, start, ParseNumber(text, error)));
            }
            else if (c == '\'')
            {
                int start = i;
                i++;
                if (i >= line.Length || line[i] == '\'')
                    throw error("empty character literal");
                byte value = ReadCharacter(line, ref i, '\'', error);
                if (i >= line.Length || line[i] != '\'')
                    throw error("unterminated character literal");
                i++;
                tokens.Add(new Token(TokenKind.Number, line[start..i], start, value));
            }
            else if (c == '"')
            {
                int start = i;
                i++;
                var bytes = new List<byte>();
                while (true)
                {
                    if (i >= line.Length)
                        throw error("unterminated string literal");
                    if (line[i] == '"')
                        break;
                    bytes.Add(ReadCharacter(line, ref i, '"', error));
                }
                i++;
                tokens.Add(new Token(TokenKind.String, line[start..i], start, Bytes: bytes.ToArray()));
            }
            else if (c is '<' or '>' && i + 1 < line.Length && line[i + 1] == c)
            {
                tokens.Add(new Token(TokenKind.Punctuation, line.Substring(i, 2), i));
                i += 2;
            }
            else if (PunctuationChars.Contains(c))
            {
                tokens.Add(new Token(TokenKind.Punctuation, c.ToString(), i));
                i++;
            }
            else
            {
                throw error($"unexpected character '{c}'");
            }
        }
        return tokens;
    }

    private static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c is '_' or '.';

    private static bool IsIdentifierPart(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.';

    private static ulong ParseNumber(string text, Func<string, Exception> error)
    {
        string digits = text.Replace("_", "", StringComparison.Ordinal);
        bool ok;
        ulong value = 0;
        if (digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            ok = digits.Length > 2 && ulong.TryParse(digits.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        }
        else if (digits.StartsWith("0b", StringComparison.OrdinalIgnoreCase))
        {
            ok = digits.Length > 2 && ulong.TryParse(digits.AsSpan(2), NumberStyles.AllowBinarySpecifier, CultureInfo.InvariantCulture, out value);
        }
        else
        {
            ok = ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        }
        if (!ok)
            throw error(IsWellFormed(digits) ? $"number '{text}' does not fit in 64 bits" : $"bad number '{text}'");
        return value;
    }

    private static bool IsWellFormed(string digits)
    {
        if (digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            return digits.Length > 2 && digits[2..].All(char.IsAsciiHexDigit);
        if (digits.StartsWith("0b", StringComparison.OrdinalIgnoreCase))
            return digits.Length > 2 && digits[2..].All(c => c is '0' or '1');
        return digits.All(char.IsAsciiDigit);
    }

    // Reads one (possibly escaped) character at line[i] and advances i past it. Non-ASCII is refused:
    // a character literal is one byte, and strings stay byte-for-byte what the source shows.
    private static byte ReadCharacter(string line, ref int i, char quote, Func<string, Exception> error)
    {
        char c = line[i++];
        if (c != '\\')
        {
            if (c > 0x7E || c < 0x20)
                throw error($"character U+{(int)c:X4} in a literal: only printable ASCII and escapes are allowed");
            return (byte)c;
        }
        if (i >= line.Length)
            throw error("unterminated escape sequence");
        char escape = line[i++];
        switch (escape)
        {
            case 'n': return (byte)'\n';
            case 't': return (byte)'\t';
            case 'r': return (byte)'\r';
            case '0': return 0;
            case '\\': return (byte)'\\';
            case '\'': return (byte)'\'';
            case '"': return (byte)'"';
            case 'x':
                if (i + 2 <= line.Length && char.IsAsciiHexDigit(line[i]) && char.IsAsciiHexDigit(line[i + 1]))
                {
                    byte value = byte.Parse(line.AsSpan(i, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
                    i += 2;
                    return value;
                }
                throw error("\\x needs two hex digits");
            default:
                throw error($"unknown escape sequence '\\{escape}' in {(quote == '"' ? "string" : "character")} literal");
        }
    }
}
