using Spectre.Console;
using Spectre.Console.Rendering;

namespace Snapshot.Tools.Formatting;

/// <summary>The building blocks the text views (snapinfo, snapdiff) are made of: key/value grids and plain-text cells.</summary>
internal static class TextBlocks
{
    public static Grid KeyValueGrid()
    {
        var grid = new Grid();
        grid.AddColumn(new GridColumn { NoWrap = true, Padding = new Padding(0, 0, 2, 0) });
        grid.AddColumn(new GridColumn());
        return grid;
    }

    public static void AddRow(Grid grid, string key, string value) => grid.AddRow(new Text(key), new Text(value));

    public static IRenderable[] Cells(params string[] values) => [.. values.Select(value => new Text(value))];

    public static string FlagList(IReadOnlyList<string> flags) => flags.Count == 0 ? "none" : string.Join(", ", flags);

    public static string Optional<T>(T? value) where T : struct => value?.ToString() ?? "-";
}
