using System.Text.Json;
using System.Text.RegularExpressions;

namespace Snapshot.Tools.Tests.Schemas;

/// <summary>
/// Checks a JSON document against the subset of JSON Schema 2020-12 our schemas use: type (one or several),
/// required, properties, additionalProperties false, items, minItems/maxItems, enum, pattern, minimum/maximum,
/// oneOf and local $ref ("#/$defs/..."). Unsupported keywords fail loudly rather than pass silently.
/// </summary>
internal sealed class SchemaChecker
{
    private static readonly HashSet<string> s_annotations =
        ["$schema", "$id", "$defs", "title", "description"];

    private static readonly HashSet<string> s_supported =
        ["type", "required", "properties", "additionalProperties", "items", "minItems", "maxItems", "enum", "pattern",
         "minimum", "maximum", "oneOf", "$ref"];

    private readonly JsonElement _root;
    private readonly List<string> _problems = [];

    private SchemaChecker(JsonElement root) => _root = root;

    /// <summary>Every way <paramref name="document"/> breaks <paramref name="schema"/>; empty when it conforms.</summary>
    public static IReadOnlyList<string> Check(JsonElement schema, JsonElement document)
    {
        var checker = new SchemaChecker(schema);
        checker.Check(schema, document, "$");
        return checker._problems;
    }

    private void Check(JsonElement schema, JsonElement value, string path)
    {
        foreach (var keyword in schema.EnumerateObject())
        {
            if (!s_annotations.Contains(keyword.Name) && !s_supported.Contains(keyword.Name))
            {
                throw new NotSupportedException($"schema keyword '{keyword.Name}' at {path} is not supported by this checker");
            }
        }

        if (schema.TryGetProperty("$ref", out var reference))
        {
            Check(Resolve(reference.GetString()!), value, path);
        }

        if (schema.TryGetProperty("oneOf", out var oneOf))
        {
            var matches = oneOf.EnumerateArray().Count(option => Problems(option, value).Count == 0);
            if (matches != 1)
            {
                _problems.Add($"{path}: matches {matches} of the oneOf alternatives, expected exactly 1");
            }
        }

        if (schema.TryGetProperty("type", out var type) && !HasType(value, type))
        {
            _problems.Add($"{path}: {value.ValueKind} is not of type {type}");
            return;
        }

        if (schema.TryGetProperty("enum", out var allowed) &&
            !allowed.EnumerateArray().Any(option => JsonElement.DeepEquals(option, value)))
        {
            _problems.Add($"{path}: {value} is not one of {allowed}");
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                CheckObject(schema, value, path);
                break;
            case JsonValueKind.Array:
                CheckArray(schema, value, path);
                break;
            case JsonValueKind.String when schema.TryGetProperty("pattern", out var pattern):
                if (!Regex.IsMatch(value.GetString()!, pattern.GetString()!))
                {
                    _problems.Add($"{path}: '{value.GetString()}' does not match {pattern.GetString()}");
                }

                break;
            case JsonValueKind.Number:
                if (schema.TryGetProperty("minimum", out var minimum) && value.GetDouble() < minimum.GetDouble())
                {
                    _problems.Add($"{path}: {value} < minimum {minimum}");
                }

                if (schema.TryGetProperty("maximum", out var maximum) && value.GetDouble() > maximum.GetDouble())
                {
                    _problems.Add($"{path}: {value} > maximum {maximum}");
                }

                break;
        }
    }

    private List<string> Problems(JsonElement schema, JsonElement value)
    {
        var nested = new SchemaChecker(_root);
        nested.Check(schema, value, "");
        return nested._problems;
    }

    private void CheckObject(JsonElement schema, JsonElement value, string path)
    {
        if (schema.TryGetProperty("required", out var required))
        {
            foreach (var name in required.EnumerateArray().Select(n => n.GetString()!))
            {
                if (!value.TryGetProperty(name, out _))
                {
                    _problems.Add($"{path}: required property '{name}' is missing");
                }
            }
        }

        schema.TryGetProperty("properties", out var properties);
        var closed = schema.TryGetProperty("additionalProperties", out var additional) &&
                     additional.ValueKind == JsonValueKind.False;
        foreach (var property in value.EnumerateObject())
        {
            if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(property.Name, out var propertySchema))
            {
                Check(propertySchema, property.Value, $"{path}.{property.Name}");
            }
            else if (closed)
            {
                _problems.Add($"{path}: property '{property.Name}' is not in the schema");
            }
        }
    }

    private void CheckArray(JsonElement schema, JsonElement value, string path)
    {
        var length = value.GetArrayLength();
        if (schema.TryGetProperty("minItems", out var minItems) && length < minItems.GetInt32())
        {
            _problems.Add($"{path}: {length} items < minItems {minItems}");
        }

        if (schema.TryGetProperty("maxItems", out var maxItems) && length > maxItems.GetInt32())
        {
            _problems.Add($"{path}: {length} items > maxItems {maxItems}");
        }

        if (schema.TryGetProperty("items", out var items))
        {
            var i = 0;
            foreach (var item in value.EnumerateArray())
            {
                Check(items, item, $"{path}[{i++}]");
            }
        }
    }

    private JsonElement Resolve(string reference)
    {
        const string Prefix = "#/$defs/";
        if (!reference.StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw new NotSupportedException($"only local $defs references are supported, not '{reference}'");
        }

        return _root.GetProperty("$defs").GetProperty(reference[Prefix.Length..]);
    }

    private static bool HasType(JsonElement value, JsonElement type) => type.ValueKind == JsonValueKind.Array
        ? type.EnumerateArray().Any(t => HasType(value, t.GetString()!))
        : HasType(value, type.GetString()!);

    private static bool HasType(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _) || 
                     value.ValueKind == JsonValueKind.Number && value.TryGetUInt64(out _),
        _ => throw new NotSupportedException($"schema type '{type}' is not supported"),
    };
}
