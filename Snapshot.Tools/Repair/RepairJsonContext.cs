using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Snapshot.Tools.Repair;

/// <summary>Source-generated serialisation of snaprepair's document, with the same conventions as every tool's JSON.</summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(RepairDocument))]
internal sealed partial class RepairJsonContext : JsonSerializerContext
{
    private static readonly Lazy<RepairJsonContext> s_output = new(() => new RepairJsonContext(new JsonSerializerOptions
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        // Paths and reasons may hold any character; keep them readable (the output is never embedded in HTML).
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NewLine = "\n",
    }));

    /// <summary>The context snaprepair writes with.</summary>
    public static RepairJsonContext Output => s_output.Value;
}
