using System.Globalization;
using System.Text;

namespace KernelSim.Scenarios;

/// <summary>
/// Quoted text in a scenario line ("a\tb\n"): the escapes \n \t \r \0 \\ \" and \xHH, everything else as is
/// (UTF-8). Used by the steps that carry text: input, file, expect-file, write-file.
/// </summary>
public static class ScenarioText
{
    /// <summary>Splits a line at its first double quote: the words before it and the quoted text, which must end the line.</summary>
    /// <exception cref="StepException">No quoted text, or something after its closing quote.</exception>
    public static (string Head, byte[] Text) SplitQuoted(string line)
    {
        var open = line.IndexOf('"', StringComparison.Ordinal);
        if (open < 0)
        {
            throw new StepException("missing the quoted text (\"...\")");
        }

        var close = line.Length - 1;
        if (close <= open || line[close] != '"' || IsEscaped(line, close))
        {
            throw new StepException("the quoted text must end the line with a closing \"");
        }

        return (line[..open], Unescape(line[(open + 1)..close]));
    }

    /// <summary>The bytes of quoted text without its quotes.</summary>
    /// <exception cref="StepException">A bad escape.</exception>
    public static byte[] Unescape(string text)
    {
        var bytes = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\')
            {
                var end = i + (char.IsHighSurrogate(text[i]) && i + 1 < text.Length ? 2 : 1);
                bytes.AddRange(Encoding.UTF8.GetBytes(text[i..end]));
                i = end - 1;
                continue;
            }

            if (++i >= text.Length)
            {
                throw new StepException("a backslash ends the quoted text");
            }

            switch (text[i])
            {
                case 'n': bytes.Add((byte)'\n'); break;
                case 't': bytes.Add((byte)'\t'); break;
                case 'r': bytes.Add((byte)'\r'); break;
                case '0': bytes.Add(0); break;
                case '\\': bytes.Add((byte)'\\'); break;
                case '"': bytes.Add((byte)'"'); break;
                case 'x' when i + 2 < text.Length && byte.TryParse(text.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value):
                    bytes.Add(value);
                    i += 2;
                    break;
                default:
                    throw new StepException($"unknown escape '\\{text[i]}' (known: \\n \\t \\r \\0 \\\\ \\\" \\xHH)");
            }
        }

        return bytes.ToArray();
    }

    /// <summary>Bytes as a person reads them in a message: printable ASCII as is, the rest escaped.</summary>
    public static string Show(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder();
        foreach (var b in bytes)
        {
            text.Append(b switch
            {
                (byte)'\n' => "\\n",
                (byte)'\t' => "\\t",
                (byte)'\\' => "\\\\",
                (byte)'"' => "\\\"",
                >= 0x20 and < 0x7f => ((char)b).ToString(),
                _ => $"\\x{b:x2}",
            });
        }

        return text.ToString();
    }

    private static bool IsEscaped(string line, int index)
    {
        var backslashes = 0;
        for (var i = index - 1; i >= 0 && line[i] == '\\'; i--)
        {
            backslashes++;
        }

        return backslashes % 2 == 1;
    }
}
