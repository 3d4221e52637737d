using System.Net;
using System.Text;
using System.Text.Json;
using Snapshot.Tools.Json;

namespace Snapshot.Tools.Diff;

/// <summary>
/// The <c>--html</c> report: one self-contained file (inline CSS and script, no external resource) with a
/// memory map per area beside the semantic diff. The maps are drawn by the inline script from the diff
/// document embedded as JSON, one cell per page coloured unchanged / changed / added / removed / zero
/// (absent in both images). The bytes depend only on the document, so the same diff gives the same file.
/// </summary>
internal static class HtmlReport
{
    /// <summary>
    /// Cells per map at most. Larger areas draw several pages per cell (the most significant class wins:
    /// changed, added, removed, unchanged, zero), so a terabyte area cannot make a page the browser cannot open.
    /// </summary>
    public const int MaxCellsPerMap = 65_536;

    public static void Write(Stream destination, DiffDocument document, string semanticDiff)
    {
        var data = JsonSerializer.Serialize(document, ToolJsonContext.Embedded.DiffDocument);
        var title = $"snapdiff {document.ImageA} {document.ImageB}";
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Encode(title)).Append("</title>\n")
            .Append("<style>\n").Append(Style).Append("</style>\n</head>\n<body>\n")
            .Append("<header>\n<h1>snapdiff</h1>\n<p class=\"images\"><b>A</b> ").Append(Encode(document.ImageA))
            .Append(" <b>B</b> ").Append(Encode(document.ImageB)).Append("</p>\n")
            .Append("<p class=\"verdict ").Append(document.Different ? "different\">the images differ" : "same\">the images are the same")
            .Append("</p>\n")
            .Append(Legend())
            .Append("</header>\n<main>\n")
            .Append("<section id=\"maps\" aria-label=\"memory maps\"><noscript>The memory maps need JavaScript.</noscript></section>\n")
            .Append("<section id=\"semantic\" aria-label=\"semantic diff\"><h2>semantic diff</h2>\n<pre>")
            .Append(Encode(semanticDiff)).Append("</pre>\n</section>\n</main>\n")
            .Append("<script type=\"application/json\" id=\"diff-data\">").Append(data).Append("</script>\n")
            .Append("<script>\n").Append(Script.Replace("{MaxCells}", MaxCellsPerMap.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))
            .Append("</script>\n</body>\n</html>\n");
        var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(html.ToString());
        destination.Write(bytes);
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Legend()
    {
        var legend = new StringBuilder("<p class=\"legend\">");
        foreach (var (kind, meaning) in new[]
        {
            ("unchanged", "unchanged: present in both, equal"),
            ("changed", "changed: present in both, different"),
            ("added", "added: present only in B"),
            ("removed", "removed: present only in A"),
            ("zero", "zero: absent in both (all-zero pages)"),
        })
        {
            legend.Append("<span class=\"key\"><span class=\"swatch ").Append(kind).Append("\"></span>").Append(meaning).Append("</span>");
        }

        return legend.Append("</p>\n").ToString();
    }

    private const string Style = """
        body { font: 14px/1.4 system-ui, sans-serif; margin: 1em 2em; color: #1d1d1f; background: #fff; }
        h1 { font-size: 1.4em; margin: 0 0 .2em; }
        h2 { font-size: 1.1em; margin: 0 0 .5em; }
        h3 { font-size: 1em; margin: 1em 0 .3em; font-family: ui-monospace, monospace; font-weight: 600; }
        .images { font-family: ui-monospace, monospace; margin: 0; }
        .verdict.different { color: #b3261e; font-weight: 600; }
        .verdict.same { color: #1e7b34; font-weight: 600; }
        .legend .key { margin-right: 1.5em; white-space: nowrap; }
        main { display: flex; gap: 2em; align-items: flex-start; }
        #maps { flex: 1 1 50%; min-width: 20em; }
        #semantic { flex: 1 1 50%; overflow-x: auto; }
        pre { font: 12px/1.35 ui-monospace, monospace; margin: 0; }
        .map { display: flex; flex-wrap: wrap; gap: 1px; max-width: 66em; }
        .cell, .swatch { display: inline-block; width: 9px; height: 9px; border-radius: 1px; }
        .swatch { vertical-align: -1px; margin-right: .4em; }
        .unchanged { background: #9fb4c7; }
        .changed { background: #e8590c; }
        .added { background: #2f9e44; }
        .removed { background: #c92a2a; }
        .zero { background: #eceff1; }
        .scale { color: #555; font-size: .9em; margin: 0 0 .3em; }

        """;

    // Draws every area's map from the embedded document. Ranges are expanded by cell, not by page, so the
    // work is bounded by the number of cells whatever the area's size.
    private const string Script = """
        "use strict";
        (function () {
          var MAX_CELLS = {MaxCells};
          var RANK = { zero: 0, unchanged: 1, removed: 2, added: 3, changed: 4 };
          var data = JSON.parse(document.getElementById("diff-data").textContent);
          var maps = document.getElementById("maps");
          var heading = document.createElement("h2");
          heading.textContent = "memory maps";
          maps.appendChild(heading);
          data.tasks.forEach(function (task) {
            task.areas.forEach(function (area) {
              var pages = area.pages;
              var perCell = Math.max(1, Math.ceil(pages / MAX_CELLS));
              var cells = Math.ceil(pages / perCell);
              var kinds = new Array(cells).fill("zero");
              area.memory.ranges.forEach(function (range) {
                var first = Math.floor(range.firstPage / perCell);
                var last = Math.min(cells - 1, Math.floor((range.firstPage + range.pages - 1) / perCell));
                for (var c = first; c <= last; c++) {
                  if (RANK[range.change] > RANK[kinds[c]]) kinds[c] = range.change;
                }
              });
              var title = document.createElement("h3");
              title.textContent = "task " + task.taskId + " area " + area.areaId + " " + area.name + " " +
                area.base + "-" + area.end + " (" + area.kind + (area.change === "unchanged" ? "" : ", " + area.change) + ")";
              maps.appendChild(title);
              var scale = document.createElement("p");
              scale.className = "scale";
              scale.textContent = pages + (pages === 1 ? " page" : " pages") + (perCell > 1 ? ", " + perCell + " pages per cell" : ", one cell per page") +
                ": " + area.memory.pagesChanged + " changed, " + area.memory.pagesAdded + " added, " +
                area.memory.pagesRemoved + " removed, " + area.memory.pagesUnchanged + " unchanged";
              maps.appendChild(scale);
              var map = document.createElement("div");
              map.className = "map";
              map.id = "map-t" + task.taskId + "-a" + area.areaId;
              map.setAttribute("data-task", String(task.taskId));
              map.setAttribute("data-area", String(area.areaId));
              var fragment = document.createDocumentFragment();
              kinds.forEach(function (kind, c) {
                var cell = document.createElement("span");
                cell.className = "cell " + kind;
                fragment.appendChild(cell);
              });
              map.appendChild(fragment);
              map.addEventListener("mouseover", function (event) {
                var index = Array.prototype.indexOf.call(map.children, event.target);
                if (index >= 0) map.title = "page " + index * perCell + (perCell > 1 ? "-" + (index * perCell + perCell - 1) : "") + ": " + kinds[index];
              });
              maps.appendChild(map);
            });
          });
        })();

        """;
}
