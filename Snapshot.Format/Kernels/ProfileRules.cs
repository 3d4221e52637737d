namespace Snapshot.Format.Kernels;

/// <summary>
/// The rules profile format 2 adds (kernel-profiles.md §5): every canonical field is present unless decoding
/// derives it, every other field is an extension with a documented default, the fields with a canonical meaning
/// use the tables that give it, and the call struct's tables name every canonical value.
/// </summary>
internal static class ProfileRules
{
    private static readonly (string Field, string Table)[] s_callEnums =
    [
        (CanonicalFields.State, CanonicalFields.CallStateEnum),
        (CanonicalFields.ReceiverKind, CanonicalFields.PeerKindEnum),
        (CanonicalFields.TransferKind, CanonicalFields.TransferKindEnum),
    ];

    public static void Check(
        IReadOnlyDictionary<string, StructLayout> structs,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, uint>> enums,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, ulong>> flags)
    {
        foreach ((string name, StructLayout layout) in structs)
            CheckFields(name, layout);

        Expect(structs, CanonicalFields.TaskStruct, CanonicalFields.State, f => f.Enum is not null, "an enum");
        Expect(structs, CanonicalFields.ThreadStruct, CanonicalFields.State, f => f.Enum is not null, "an enum");
        Expect(structs, CanonicalFields.KernelStackStruct, CanonicalFields.StopSite, f => f.IsStopSite, "a stop site");
        Expect(structs, CanonicalFields.KernelStackStruct, CanonicalFields.Syscall, f => f.IsSyscall, "a syscall number");
        if (!structs.ContainsKey(CanonicalFields.CallStruct))
            return;

        foreach ((string field, string table) in s_callEnums)
            Expect(structs, CanonicalFields.CallStruct, field, f => f.Enum == table, $"enum '{table}'");
        Expect(structs, CanonicalFields.CallStruct, CanonicalFields.Flags, f => f.Flags == CanonicalFields.CallFlagSet,
            $"flag set '{CanonicalFields.CallFlagSet}'");
        Names(enums[CanonicalFields.CallStateEnum].Keys, "enums." + CanonicalFields.CallStateEnum, CallCodec.StateNames);
        Names(enums[CanonicalFields.PeerKindEnum].Keys, "enums." + CanonicalFields.PeerKindEnum, CallCodec.PeerKindNames);
        Names(enums[CanonicalFields.TransferKindEnum].Keys, "enums." + CanonicalFields.TransferKindEnum, CallCodec.TransferKindNames);
        Names(flags[CanonicalFields.CallFlagSet].Keys, "flags." + CanonicalFields.CallFlagSet, CallCodec.FlagNames);
    }

    private static void CheckFields(string structName, StructLayout layout)
    {
        IReadOnlyDictionary<string, bool> canonical = CanonicalFields.Of(structName);
        string path = $"structs.{structName}";
        foreach (FieldLayout field in layout.Fields)
        {
            bool isCanonical = canonical.ContainsKey(field.Name);
            if (isCanonical && field.Default is not null)
                ProfileParser.Fail($"{path}.{field.Name}", "a canonical field has no default (only extension fields do)");
            if (!isCanonical && field.Default is null)
                ProfileParser.Fail($"{path}.{field.Name}", "a field the canonical form does not name is an extension and needs a \"default\"");
        }
        foreach ((string name, bool derivable) in canonical)
        {
            if (!derivable && layout.Find(name) is null)
                ProfileParser.Fail(path, $"canonical field '{name}' is required");
        }
    }

    private static void Expect(IReadOnlyDictionary<string, StructLayout> structs, string structName, string field,
        Func<FieldLayout, bool> rule, string what)
    {
        if (structs.TryGetValue(structName, out StructLayout? layout) && layout.Find(field) is { } f && !rule(f))
            ProfileParser.Fail($"structs.{structName}.{field}", $"must be {what}");
    }

    private static void Names(IEnumerable<string> actual, string path, IReadOnlyList<string> required)
    {
        var missing = required.Except(actual, StringComparer.Ordinal).ToArray();
        if (missing.Length > 0)
            ProfileParser.Fail(path, $"must define {string.Join(", ", missing)}");
    }
}
