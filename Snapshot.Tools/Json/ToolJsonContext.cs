using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Snapshot.Tools.Check;
using Snapshot.Tools.Info;

namespace Snapshot.Tools.Json;

/// <summary>
/// Source-generated serialisation of every tool's JSON document: no reflection, and properties in declaration
/// order, so output is stable and matches the schemas in format-spec/schemas/.
/// </summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(InfoDocument))]
[JsonSerializable(typeof(CheckDocument))]
internal sealed partial class ToolJsonContext : JsonSerializerContext
{
    private static readonly Lazy<ToolJsonContext> s_output = new(() => new ToolJsonContext(new JsonSerializerOptions
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        // Image paths and names may hold any character; keep them readable rather than \u-escaped.
        // The output is a document for programs, never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NewLine = "\n",
    }));

    /// <summary>The context tools write with.</summary>
    public static ToolJsonContext Output => s_output.Value;
}
