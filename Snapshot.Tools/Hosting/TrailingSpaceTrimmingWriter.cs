using System.Text;

namespace Snapshot.Tools.Hosting;

/// <summary>
/// Drops spaces at the ends of lines. Spectre pads grids and panels to their full width; in redirected output
/// those spaces are noise for diff, grep and editors. Spaces are held back until something other than a line
/// end follows them, so nothing else changes and nothing needs flushing.
/// </summary>
internal sealed class TrailingSpaceTrimmingWriter(TextWriter inner) : TextWriter
{
    private int _pendingSpaces;

    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value)
    {
        switch (value)
        {
            case ' ':
                _pendingSpaces++;
                break;
            case '\n' or '\r':
                _pendingSpaces = 0;
                inner.Write(value);
                break;
            default:
                if (_pendingSpaces > 0)
                {
                    inner.Write(new string(' ', _pendingSpaces));
                    _pendingSpaces = 0;
                }

                inner.Write(value);
                break;
        }
    }

    public override void Write(string? value)
    {
        foreach (var c in value ?? "")
        {
            Write(c);
        }
    }

    public override void Write(char[] buffer, int index, int count)
    {
        for (var i = index; i < index + count; i++)
        {
            Write(buffer[i]);
        }
    }

    public override void Flush() => inner.Flush();
}
