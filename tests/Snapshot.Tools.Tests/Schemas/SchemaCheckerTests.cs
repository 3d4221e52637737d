using System.Text.Json;

namespace Snapshot.Tools.Tests.Schemas;

// The checker guards the schema tests; these make sure it can fail.
public sealed class SchemaCheckerTests
{
    private static readonly JsonElement s_schema = Parse("""
        {
          "type": "object", "required": ["a", "b"], "additionalProperties": false,
          "properties": {
            "a": { "$ref": "#/$defs/hex" },
            "b": { "type": "array", "items": { "type": ["integer", "null"], "minimum": 0 }, "maxItems": 2 },
            "c": { "oneOf": [{ "type": "null" }, { "enum": ["x", "y"] }] }
          },
          "$defs": { "hex": { "type": "string", "pattern": "^0x[0-9a-f]+$" } }
        }
        """);

    [Fact]
    public void ConformingDocumentHasNoProblems() =>
        Assert.Empty(SchemaChecker.Check(s_schema, Parse("""{ "a": "0x1f", "b": [1, null], "c": "x" }""")));

    [Theory]
    [InlineData("""{ "b": [] }""", "required property 'a'")]
    [InlineData("""{ "a": "1f", "b": [] }""", "does not match")]
    [InlineData("""{ "a": "0x1", "b": [-1] }""", "minimum")]
    [InlineData("""{ "a": "0x1", "b": [1, 2, 3] }""", "maxItems")]
    [InlineData("""{ "a": "0x1", "b": ["1"] }""", "is not of type")]
    [InlineData("""{ "a": "0x1", "b": [], "d": 1 }""", "'d' is not in the schema")]
    [InlineData("""{ "a": "0x1", "b": [], "c": "z" }""", "oneOf")]
    public void BrokenDocumentIsReported(string json, string expected)
    {
        var problems = SchemaChecker.Check(s_schema, Parse(json));
        Assert.Contains(problems, problem => problem.Contains(expected, StringComparison.Ordinal));
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
