using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Snapshot.Tools.Diff;

/// <summary>
/// Source-generated serialisation of snapdiff's document, in declaration order (format-spec/schemas/snapdiff.schema.json).
/// <see cref="Output"/> is for standard output; <see cref="Embedded"/> for the HTML report, where the document
/// sits inside a script element and must escape &lt;, &gt; and &amp;.
/// </summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(DiffDocument))]
internal sealed partial class DiffJsonContext : JsonSerializerContext
{
    private static readonly Lazy<DiffJsonContext> s_output = new(() => new DiffJsonContext(new JsonSerializerOptions
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        // Paths and names may hold any character; keep them readable. Standard output is never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NewLine = "\n",
    }));

    private static readonly Lazy<DiffJsonContext> s_embedded = new(() => new DiffJsonContext(new JsonSerializerOptions
    {
        WriteIndented = false,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        // The default encoder escapes <, >, & and non-ASCII, so "</script>" in a path cannot end the element.
        Encoder = JavaScriptEncoder.Default,
    }));

    /// <summary>The context snapdiff --json writes with.</summary>
    public static DiffJsonContext Output => s_output.Value;

    /// <summary>The context the HTML report embeds its data with.</summary>
    public static DiffJsonContext Embedded => s_embedded.Value;
}
