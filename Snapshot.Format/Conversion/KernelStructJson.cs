using System.Numerics;
using System.Text.Json;
using Snapshot.Format.Kernels;
using Snapshot.Format.Layout;

namespace Snapshot.Format.Conversion;

/// <summary>
/// A build-specific blob as JSON: an object with one member per field of the build's struct (in offset order),
/// so that a hand edit of <c>"pc"</c> works; or, when the image's build is unknown or the blob is not exactly
/// what its fields re-encode to (wrong size, non-zero bytes between fields), a string of hex digits.
/// </summary>
/// <remarks>
/// A field whose profile gives its values names is written by name when the name maps back to the same value
/// (an enum value, the set bits of a flag set as an array, a stop site, a syscall); otherwise as a number.
/// Encoding accepts a name or a number for every such field.
/// </remarks>
internal static class KernelStructJson
{
    public static void Write(Utf8JsonWriter json, string property, ReadOnlySpan<byte> blob, StructLayout? layout, KernelBuildProfile? profile)
    {
        json.WritePropertyName(property);
        WriteValue(json, blob, layout, profile);
    }

    /// <summary>Writes the blob as a value (an array item).</summary>
    public static void WriteValue(Utf8JsonWriter json, ReadOnlySpan<byte> blob, StructLayout? layout, KernelBuildProfile? profile)
    {
        if (layout is null || profile is null || blob.Length != layout.Size)
        {
            json.WriteStringValue(Convert.ToHexStringLower(blob));
            return;
        }
        IReadOnlyDictionary<string, ulong> values = layout.Decode(blob);
        if (!layout.Encode(values).AsSpan().SequenceEqual(blob))
        {
            json.WriteStringValue(Convert.ToHexStringLower(blob));
            return;
        }
        json.WriteStartObject();
        foreach (FieldLayout field in layout.Fields)
            WriteField(json, field, values[field.Name], profile);
        json.WriteEndObject();
    }

    public static byte[] Read(JsonCursor value, StructLayout? layout, KernelBuildProfile? profile, int maxBytes = FormatLimits.MaxMetadataPayload)
    {
        if (value.Kind == JsonValueKind.String)
            return value.Hex(maxBytes);
        if (value.Kind != JsonValueKind.Object)
            value.Fail("expected an object of struct fields, or the blob as a string of hex digits");
        if (layout is null || profile is null)
            value.Fail(profile is null
                ? "the image's kernel build is not a known build, so its structs cannot be given by field: give the blob as hex"
                : $"build {profile.Build} has no such struct, so it cannot be given by field: give the blob as hex");
        value.AllowOnly([.. layout.Fields.Select(f => f.Name)]);
        var values = new Dictionary<string, ulong>(StringComparer.Ordinal);
        foreach (FieldLayout field in layout.Fields)
            values[field.Name] = ReadField(value.Property(field.Name), field, profile);
        return layout.Encode(values);
    }

    private static void WriteField(Utf8JsonWriter json, FieldLayout field, ulong value, KernelBuildProfile profile)
    {
        if (field.Enum is not null && profile.Enums.TryGetValue(field.Enum, out var names))
        {
            string? name = names.Where(p => p.Value == value).Select(p => p.Key).Order(StringComparer.Ordinal).FirstOrDefault();
            if (name is not null)
            {
                json.WriteString(field.Name, name);
                return;
            }
        }
        else if (field.Flags is not null && profile.Flags.TryGetValue(field.Flags, out var bits) && FlagNames(value, bits) is { } set)
        {
            json.WriteStartArray(field.Name);
            foreach (string name in set)
                json.WriteStringValue(name);
            json.WriteEndArray();
            return;
        }
        else if (field.IsStopSite && profile.StopSiteName(value) is { } site)
        {
            json.WriteString(field.Name, site);
            return;
        }
        else if (field.IsSyscall && value != 0 && profile.SyscallName(value) is { } syscall)
        {
            json.WriteString(field.Name, syscall);
            return;
        }
        JsonIntegers.Write(json, field.Name, value);
    }

    /// <summary>The names of the set bits in bit order, or null when a set bit has no (single) name.</summary>
    private static List<string>? FlagNames(ulong value, IReadOnlyDictionary<string, ulong> bits)
    {
        var names = new List<string>();
        ulong covered = 0;
        foreach ((string name, ulong bit) in bits.OrderBy(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal))
        {
            if ((value & bit) != 0 && (covered & bit) == 0 && BitOperations.PopCount(bit) == 1)
            {
                names.Add(name);
                covered |= bit;
            }
        }
        return covered == value ? names : null;
    }

    private static ulong ReadField(JsonCursor value, FieldLayout field, KernelBuildProfile profile)
    {
        if (value.Kind == JsonValueKind.Array)
        {
            if (field.Flags is null || !profile.Flags.TryGetValue(field.Flags, out var bits))
                return value.Fail<ulong>($"field '{field.Name}' is not a flag set in build {profile.Build}; give a number");
            ulong set = 0;
            foreach (JsonCursor item in value.Items(64))
            {
                string name = item.Text();
                if (!bits.TryGetValue(name, out ulong bit))
                    item.Fail($"build {profile.Build} has no flag '{name}' in {field.Flags} (it has: {string.Join(", ", bits.Keys.Order(StringComparer.Ordinal))})");
                set |= bit;
            }
            return Fit(value, field, set);
        }
        if (value.Kind == JsonValueKind.String && !value.Text().StartsWith("0x", StringComparison.Ordinal))
            return Fit(value, field, Named(value, field, profile, value.Text()));
        return value.Unsigned(field.MaxValue);
    }

    private static ulong Named(JsonCursor value, FieldLayout field, KernelBuildProfile profile, string name)
    {
        if (field.Enum is not null && profile.Enums.TryGetValue(field.Enum, out var names))
        {
            return names.TryGetValue(name, out uint number)
                ? number
                : value.Fail<ulong>($"build {profile.Build} has no value '{name}' in enum {field.Enum} (it has: {string.Join(", ", names.Keys.Order(StringComparer.Ordinal))})");
        }
        if (field.IsStopSite)
        {
            return profile.StopSites.TryGetValue(name, out ulong address)
                ? address
                : value.Fail<ulong>($"build {profile.Build} has no stop site '{name}'");
        }
        if (field.IsSyscall)
        {
            return profile.Syscalls.TryGetValue(name, out uint number)
                ? number
                : value.Fail<ulong>($"build {profile.Build} has no syscall '{name}'");
        }
        return value.Fail<ulong>($"field '{field.Name}' takes a number, not the name '{name}'");
    }

    private static ulong Fit(JsonCursor value, FieldLayout field, ulong number) =>
        number <= field.MaxValue ? number : value.Fail<ulong>($"{number} does not fit field '{field.Name}' ({field.Type})");
}
