using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Snapshot.Format.Layout;

namespace Snapshot.Format.Kernels;

/// <summary>
/// Reads a kernel build profile (format-spec/kernel-profiles.md) and checks that it is consistent: known
/// field types, fields inside their struct and not overlapping, referenced enums and flag sets present,
/// stop sites as hex addresses, unique values. Every problem names its JSON path.
/// </summary>
internal static class ProfileParser
{
    public const int MaxProfileBytes = 1024 * 1024;
    public const int SupportedProfileVersion = 2;
    private const int FirstStrictProfileVersion = 2;
    private const int MaxStructSize = 4096;

    private static readonly string[] s_requiredStructs = ["task", "thread", "kstack"];

    public static ProfileContent Parse(byte[] utf8Json)
    {
        if (utf8Json.Length > MaxProfileBytes)
            Fail("$", $"profile is {utf8Json.Length} bytes, larger than {MaxProfileBytes}");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw new SnapshotFormatException("profile", null,
                $"not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {e.Message}", e);
        }
        using (document)
        {
            JsonElement root = document.RootElement;
            Expect(root, JsonValueKind.Object, "$");
            int version = Int(Required(root, "profile", "$"), "profile");
            if (version is < 1 or > SupportedProfileVersion)
                Fail("profile", $"profile format {version} is not supported (this library reads 1 to {SupportedProfileVersion})");

            uint pageSize = (uint)Int(Required(root, "pageSize", "$"), "pageSize");
            if (!FormatLimits.IsValidPageSize(pageSize))
                Fail("pageSize", $"{pageSize} is not a power of two from 4096 to 65536");
            int quantum = Int(Required(root, "quantum", "$"), "quantum");
            if (quantum <= 0)
                Fail("quantum", "must be positive");

            var enums = Tables(root, "enums", (element, path) =>
            {
                int value = Int(element, path);
                return value >= 0 ? (uint)value : Fail<uint>(path, "enum values are not negative");
            }, allowZero: true);
            var flags = Tables(root, "flags", (element, path) =>
            {
                ulong value = ULong(element, path);
                if (!BitOperations.IsPow2(value))
                    Fail(path, $"flag value {value} is not a single bit");
                return value;
            }, allowZero: false);

            var syscalls = Table(Required(root, "syscalls", "$"), "syscalls", (element, path) =>
            {
                int value = Int(element, path);
                if (value <= 0)
                    Fail(path, "syscall numbers start at 1 (0 means no syscall)");
                return (uint)value;
            });
            var stopSites = Table(Required(root, "stopSites", "$"), "stopSites", Address);

            var structs = new SortedDictionary<string, StructLayout>(StringComparer.Ordinal);
            JsonElement structsElement = Required(root, "structs", "$");
            Expect(structsElement, JsonValueKind.Object, "structs");
            foreach (JsonProperty property in structsElement.EnumerateObject())
            {
                string path = $"structs.{property.Name}";
                if (!structs.TryAdd(property.Name, Struct(property.Name, property.Value, path, enums, flags, version)))
                    Fail(path, "duplicate struct");
            }
            foreach (string name in s_requiredStructs)
            {
                if (!structs.ContainsKey(name))
                    Fail("structs", $"struct '{name}' is required");
            }

            if (version >= FirstStrictProfileVersion)
                ProfileRules.Check(structs, enums, flags);

            return new ProfileContent(
                version, Text(root, "build"), Text(root, "kernel"), Text(root, "version"), Text(root, "architecture"),
                root.TryGetProperty("description", out JsonElement description) ? String(description, "description") : "",
                pageSize, quantum, syscalls, enums, flags, stopSites, structs);
        }
    }

    private static StructLayout Struct(string name, JsonElement element, string path,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, uint>> enums,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, ulong>> flags, int version)
    {
        Expect(element, JsonValueKind.Object, path);
        int size = Int(Required(element, "size", path), path + ".size");
        if (size is <= 0 or > MaxStructSize)
            Fail(path + ".size", $"{size} is not in 1..{MaxStructSize}");
        JsonElement fieldsElement = Required(element, "fields", path);
        Expect(fieldsElement, JsonValueKind.Array, path + ".fields");

        var fields = new List<FieldLayout>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        int index = 0;
        foreach (JsonElement f in fieldsElement.EnumerateArray())
        {
            string fieldPath = $"{path}.fields[{index++}]";
            Expect(f, JsonValueKind.Object, fieldPath);
            string fieldName = Text(f, "name", fieldPath);
            if (!names.Add(fieldName))
                Fail(fieldPath, $"duplicate field '{fieldName}'");
            int offset = Int(Required(f, "offset", fieldPath), fieldPath + ".offset");
            string typeName = Text(f, "type", fieldPath);
            FieldType type = typeName switch
            {
                "u8" => FieldType.U8,
                "u16" => FieldType.U16,
                "u32" => FieldType.U32,
                "u64" => FieldType.U64,
                _ => Fail<FieldType>(fieldPath + ".type", $"unknown type '{typeName}' (u8, u16, u32, u64)"),
            };
            string? enumName = f.TryGetProperty("enum", out JsonElement e) ? String(e, fieldPath + ".enum") : null;
            string? flagsName = f.TryGetProperty("flags", out JsonElement fl) ? String(fl, fieldPath + ".flags") : null;
            bool stopSite = f.TryGetProperty("stopSite", out JsonElement s) && Bool(s, fieldPath + ".stopSite");
            bool syscall = f.TryGetProperty("syscall", out JsonElement sc) && Bool(sc, fieldPath + ".syscall");
            ulong? defaultValue = null;
            if (f.TryGetProperty("default", out JsonElement d))
            {
                if (version < FirstStrictProfileVersion)
                    Fail(fieldPath + ".default", $"defaults need profile format {FirstStrictProfileVersion}");
                defaultValue = ULong(d, fieldPath + ".default");
            }
            var field = new FieldLayout(fieldName, offset, type, enumName, flagsName, stopSite, syscall) { Default = defaultValue };
            if (defaultValue > field.MaxValue)
                Fail(fieldPath + ".default", $"{defaultValue} does not fit {typeName}");

            if (offset < 0 || offset + field.Width > size)
                Fail(fieldPath, $"field '{fieldName}' ({typeName} at {offset}) does not fit in {size} bytes");
            if (enumName is not null && !enums.ContainsKey(enumName))
                Fail(fieldPath + ".enum", $"enum '{enumName}' is not defined");
            if (flagsName is not null && !flags.ContainsKey(flagsName))
                Fail(fieldPath + ".flags", $"flag set '{flagsName}' is not defined");
            if ((enumName is not null ? 1 : 0) + (flagsName is not null ? 1 : 0) + (stopSite ? 1 : 0) + (syscall ? 1 : 0) > 1)
                Fail(fieldPath, "a field is at most one of enum, flags, stopSite, syscall");
            if (stopSite && type != FieldType.U64)
                Fail(fieldPath, "a stop site field holds a kernel address and must be u64");
            fields.Add(field);
        }

        fields.Sort((a, b) => a.Offset.CompareTo(b.Offset));
        for (int i = 1; i < fields.Count; i++)
        {
            if (fields[i].Offset < fields[i - 1].Offset + fields[i - 1].Width)
                Fail(path, $"fields '{fields[i - 1].Name}' and '{fields[i].Name}' overlap");
        }
        return new StructLayout(name, size, fields);
    }

    private static IReadOnlyDictionary<string, IReadOnlyDictionary<string, T>> Tables<T>(
        JsonElement root, string name, Func<JsonElement, string, T> value, bool allowZero) where T : struct
    {
        var result = new SortedDictionary<string, IReadOnlyDictionary<string, T>>(StringComparer.Ordinal);
        if (!root.TryGetProperty(name, out JsonElement element))
            return result;
        Expect(element, JsonValueKind.Object, name);
        foreach (JsonProperty property in element.EnumerateObject())
        {
            string path = $"{name}.{property.Name}";
            IReadOnlyDictionary<string, T> table = Table(property.Value, path, value);
            if (!allowZero && table.Values.Any(v => v.Equals(default(T))))
                Fail(path, "a value is zero");
            if (!result.TryAdd(property.Name, table))
                Fail(path, "defined twice");
        }
        return result;
    }

    /// <summary>A JSON object of name → value with unique names and unique values.</summary>
    private static IReadOnlyDictionary<string, T> Table<T>(JsonElement element, string path, Func<JsonElement, string, T> value)
        where T : struct
    {
        Expect(element, JsonValueKind.Object, path);
        var table = new SortedDictionary<string, T>(StringComparer.Ordinal);
        var seen = new HashSet<T>();
        foreach (JsonProperty property in element.EnumerateObject())
        {
            string itemPath = $"{path}.{property.Name}";
            if (property.Name.Length == 0)
                Fail(itemPath, "empty name");
            T v = value(property.Value, itemPath);
            if (!table.TryAdd(property.Name, v))
                Fail(itemPath, "defined twice");
            if (!seen.Add(v))
                Fail(itemPath, $"value {v} is used twice");
        }
        return table;
    }

    private static ulong Address(JsonElement element, string path)
    {
        string text = String(element, path);
        if (!text.StartsWith("0x", StringComparison.Ordinal) || text.Length is < 3 or > 18
            || !ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong address))
            return Fail<ulong>(path, $"'{text}' is not a hex address like \"0xffffffff80104a20\"");
        if (address == 0)
            Fail(path, "address 0 is not a stop site");
        return address;
    }

    private static JsonElement Required(JsonElement parent, string name, string path) =>
        parent.TryGetProperty(name, out JsonElement element) ? element : Fail<JsonElement>(path, $"'{name}' is required");

    private static string Text(JsonElement parent, string name, string path = "$")
    {
        string text = String(Required(parent, name, path), path == "$" ? name : $"{path}.{name}");
        if (text.Length == 0)
            Fail(path == "$" ? name : $"{path}.{name}", "must not be empty");
        return text;
    }

    private static string String(JsonElement element, string path)
    {
        Expect(element, JsonValueKind.String, path);
        return element.GetString()!;
    }

    private static bool Bool(JsonElement element, string path) => element.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => Fail<bool>(path, "must be true or false"),
    };

    private static int Int(JsonElement element, string path)
    {
        Expect(element, JsonValueKind.Number, path);
        return element.TryGetInt32(out int value) ? value : Fail<int>(path, "must be a 32-bit integer");
    }

    private static ulong ULong(JsonElement element, string path)
    {
        Expect(element, JsonValueKind.Number, path);
        return element.TryGetUInt64(out ulong value) ? value : Fail<ulong>(path, "must be an unsigned 64-bit integer");
    }

    private static void Expect(JsonElement element, JsonValueKind kind, string path)
    {
        if (element.ValueKind != kind)
            Fail(path, $"must be {kind.ToString().ToLowerInvariant()}, not {element.ValueKind.ToString().ToLowerInvariant()}");
    }

    [DoesNotReturn]
    internal static void Fail(string path, string reason) => throw new SnapshotFormatException("profile", null, $"{path}: {reason}");

    [DoesNotReturn]
    private static T Fail<T>(string path, string reason) => throw new SnapshotFormatException("profile", null, $"{path}: {reason}");
}
