using Spectre.Console;

namespace Snapshot.Tools.Formatting;

/// <summary>
/// Borders for tables and panels: rounded box drawing on a terminal, ASCII when redirected (Spectre's own
/// "safe" fallback borders are still box-drawing characters).
/// </summary>
internal sealed record TextBorders(bool Unicode)
{
    public TableBorder Table => Unicode ? TableBorder.Rounded : TableBorder.Ascii2;

    public BoxBorder Box => Unicode ? BoxBorder.Rounded : BoxBorder.Ascii;
}
