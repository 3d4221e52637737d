using System.Text.Json;
using Snapshot.Testing.Locations;

namespace Snapshot.Tools.Tests.Schemas;

/// <summary>The tools' output schemas in format-spec/schemas/.</summary>
internal static class Schema
{
    public static JsonElement Load(string name)
    {
        var path = Path.Combine(RepositoryRoot.Find(), "format-spec", "schemas", name);
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.Clone();
    }

    /// <summary>Asserts that <paramref name="json"/> conforms to schema <paramref name="name"/>.</summary>
    public static void AssertConforms(string name, string json)
    {
        using var document = JsonDocument.Parse(json);
        var problems = SchemaChecker.Check(Load(name), document.RootElement);
        Assert.True(problems.Count == 0, $"output breaks {name}:\n" + string.Join("\n", problems));
    }
}
