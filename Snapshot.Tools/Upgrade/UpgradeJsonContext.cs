using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Snapshot.Tools.Upgrade;

/// <summary>Source-generated serialisation of snapupgrade's document (properties in declaration order, as the schema lists them).</summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(UpgradeDocument))]
internal sealed partial class UpgradeJsonContext : JsonSerializerContext
{
    private static readonly Lazy<UpgradeJsonContext> s_output = new(() => new UpgradeJsonContext(new JsonSerializerOptions
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        // Paths may hold any character; keep them readable: standard output is never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NewLine = "\n",
    }));

    /// <summary>The context standard output is written with.</summary>
    public static UpgradeJsonContext Output => s_output.Value;
}
