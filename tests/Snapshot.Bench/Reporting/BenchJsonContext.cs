using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Snapshot.Bench.Reporting;

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(BenchReport))]
public sealed partial class BenchJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The context with relaxed escaping: the report is a file for people and scripts, not HTML, so commands keep
    /// their '>' and backquotes readable.
    /// </summary>
    public static BenchJsonContext Relaxed { get; } = new(new JsonSerializerOptions
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
