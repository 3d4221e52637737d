using System.Text;
using System.Text.Json.Nodes;

namespace Snapshot.Format.Tests.Support;

/// <summary>The spartan-0.4 profile as text, and edited variants of it for negative and cross-build tests.</summary>
internal static class ProfileText
{
    public static string RepositoryRoot
    {
        get
        {
            string? dir = AppContext.BaseDirectory;
            while (dir is not null && !File.Exists(Path.Combine(dir, "tools.sln")))
                dir = Path.GetDirectoryName(dir);
            return dir ?? throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
        }
    }

    public static string SpartanPath => Path.Combine(RepositoryRoot, "format-spec", "kernels", "spartan-0.4.json");

    public static JsonObject Spartan() => JsonNode.Parse(File.ReadAllText(SpartanPath))!.AsObject();

    public static byte[] Bytes(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString());

    public static byte[] Edited(Action<JsonObject> edit)
    {
        JsonObject profile = Spartan();
        edit(profile);
        return Bytes(profile);
    }

    public static JsonObject Field(JsonObject profile, string structName, string field) =>
        profile["structs"]![structName]!["fields"]!.AsArray().Single(f => (string)f!["name"]! == field)!.AsObject();
}
