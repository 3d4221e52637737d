using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Snapshot.Tools.Check;
using Snapshot.Tools.Diff;
using Snapshot.Tools.Info;
using Snapshot.Tools.Repair;

namespace Snapshot.Tools.Json;

/// <summary>
/// Source-generated serialisation of every tool's JSON document: no reflection, and properties in declaration
/// order, so output is stable and matches the schemas in format-spec/schemas/. <see cref="Output"/> is for
/// standard output; <see cref="Embedded"/> for snapdiff's HTML report, where the document sits inside a script
/// element and must escape &lt;, &gt; and &amp;.
/// </summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(InfoDocument))]
[JsonSerializable(typeof(CheckDocument))]
[JsonSerializable(typeof(DiffDocument))]
[JsonSerializable(typeof(RepairDocument))]
internal sealed partial class ToolJsonContext : JsonSerializerContext
{
    private static readonly Lazy<ToolJsonContext> s_output = new(() => new ToolJsonContext(new JsonSerializerOptions
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        // Image paths and names may hold any character; keep them readable rather than \u-escaped.
        // Standard output is a document for programs, never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NewLine = "\n",
    }));

    private static readonly Lazy<ToolJsonContext> s_embedded = new(() => new ToolJsonContext(new JsonSerializerOptions
    {
        WriteIndented = false,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        // The default encoder escapes <, >, & and non-ASCII, so "</script>" in a path cannot end the element.
        Encoder = JavaScriptEncoder.Default,
    }));

    /// <summary>The context tools write standard output with.</summary>
    public static ToolJsonContext Output => s_output.Value;

    /// <summary>The context snapdiff's HTML report embeds its data with.</summary>
    public static ToolJsonContext Embedded => s_embedded.Value;
}
