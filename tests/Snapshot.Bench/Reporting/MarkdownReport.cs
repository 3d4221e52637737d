using System.Globalization;
using System.Text;

namespace Snapshot.Bench.Reporting;

/// <summary>The report as a Markdown table, one row per comparison, preceded by what was measured on what.</summary>
public static class MarkdownReport
{
    private static readonly string[] Header =
        ["Measurement", "Tool", "Tool CPU", "Tool RSS", "Peer", "Peer time", "Peer CPU", "Peer RSS", "Ratio", "Target", "Met", "RSS < 256 MiB"];

    public static string Render(BenchReport report)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture,
            $"Benchmark: {Bytes(report.SizeBytes)} mixed memory, median of {report.Runs} run(s), {report.ProcessorCount} cores, zstd level {report.CompressionLevel} for the images and the zstd peer.\n");
        if (report.Memory is { } mix)
            text.Append(CultureInfo.InvariantCulture,
                $"Memory: {mix.ZeroPages} zero, {mix.RepetitivePages} repetitive, {mix.RandomPages} random pages; {report.ChangedPages} pages differ in the second image.\n");
        text.Append(CultureInfo.InvariantCulture, $"Machine: {report.Machine}; load average (1, 5, 15 min) {report.LoadAverage}.\n");
        text.Append(CultureInfo.InvariantCulture, $"Images: {report.Generator}.\n");
        text.Append(CultureInfo.InvariantCulture, $"Peak RSS: {report.PeakRssSource}.\n");
        text.Append("Ratio = peer time / tool time (above 1: the tool is faster); times are medians of elapsed seconds, CPU is user + system seconds.\n\n");

        var rows = report.Rows.Select(Cells).ToList();
        text.Append("| ").Append(string.Join(" | ", Header)).Append(" |\n");
        text.Append('|').Append(string.Join('|', Header.Select(_ => "---"))).Append("|\n");
        foreach (string[] row in rows)
            text.Append("| ").Append(string.Join(" | ", row.Select(Escape))).Append(" |\n");

        foreach (RowResult row in report.Rows.Where(r => r.Note is not null))
            text.Append(CultureInfo.InvariantCulture, $"\n- {row.Name}: {row.Note}");
        if (report.Rows.Any(r => r.Note is not null))
            text.Append('\n');
        return text.ToString();
    }

    private static string[] Cells(RowResult row)
    {
        string tool = row.Status switch
        {
            RowStatus.NotAvailable => "not available",
            RowStatus.Failed when row.Tool?.MedianSeconds is null => "failed",
            _ => Seconds(row.Tool?.MedianSeconds),
        };
        string peerTime = row.Peer?.MedianSeconds is { } peer ? Seconds(peer)
            : row.Status == RowStatus.PeerMissing ? $"peer missing (apt-get install {row.PeerPackage})"
            : "-";
        return
        [
            row.Title,
            tool,
            Seconds(row.Tool?.MedianCpuSeconds),
            Bytes(row.Tool?.PeakRssBytes),
            row.PeerTitle,
            peerTime,
            Seconds(row.Peer?.MedianCpuSeconds),
            Bytes(row.Peer?.PeakRssBytes),
            row.Ratio is { } ratio ? ratio.ToString("0.00", CultureInfo.InvariantCulture) + "x" : "-",
            row.Target,
            YesNo(row.TargetMet),
            YesNo(row.RssUnderLimit),
        ];
    }

    private static string YesNo(bool? value) => value switch { true => "yes", false => "no", null => "-" };

    private static string Seconds(double? seconds) => seconds switch
    {
        null => "-",
        < 1 => (seconds.Value * 1000).ToString("0", CultureInfo.InvariantCulture) + " ms",
        _ => seconds.Value.ToString("0.00", CultureInfo.InvariantCulture) + " s",
    };

    private static string Bytes(long? bytes) => bytes switch
    {
        null => "-",
        >= 1L << 30 => (bytes.Value / (double)(1L << 30)).ToString("0.0", CultureInfo.InvariantCulture) + " GiB",
        >= 1L << 20 => (bytes.Value / (double)(1L << 20)).ToString("0.0", CultureInfo.InvariantCulture) + " MiB",
        _ => (bytes.Value / 1024.0).ToString("0", CultureInfo.InvariantCulture) + " KiB",
    };

    private static string Escape(string cell) => cell.Replace("|", "\\|");
}
