using Snapshot.Format.Repair;

namespace Snapshot.Format.Conversion;

/// <summary>The names snapconv's JSON gives to the format's enumerations (format-spec/snapconv-json.md).</summary>
internal static class JsonNames
{
    public static readonly (string Name, AreaKind Value)[] AreaKinds =
        [("code", AreaKind.Code), ("data", AreaKind.Data), ("heap", AreaKind.Heap), ("stack", AreaKind.Stack), ("other", AreaKind.Other)];

    public static readonly (string Name, AreaBacking Value)[] AreaBackings =
        [("anonymous", AreaBacking.Anonymous), ("program", AreaBacking.Program), ("shared", AreaBacking.Shared),
         ("program-reference", AreaBacking.ProgramReference)];

    public static readonly (string Name, AreaFlags Value)[] AreaAccess =
        [("read", AreaFlags.Read), ("write", AreaFlags.Write), ("execute", AreaFlags.Execute)];

    public static readonly (string Name, ChunkCodec Value)[] Codecs = [("raw", ChunkCodec.Raw), ("zstd", ChunkCodec.Zstd)];

    public static readonly (string Name, LostSectionKind Value)[] LostSectionKinds =
        [("section", LostSectionKind.Section), ("unreadable-bytes", LostSectionKind.UnreadableBytes), ("header", LostSectionKind.Header)];

    public static readonly (string Name, PageDisposition Value)[] Dispositions =
        [("dropped", PageDisposition.Dropped), ("zero-filled", PageDisposition.ZeroFilled)];

    public static readonly (string Name, LossEvidence Value)[] Evidence =
        [("index", LossEvidence.Index), ("chunk-header", LossEvidence.ChunkHeader), ("bound", LossEvidence.Bound)];

    public static readonly (string Name, FeatureKind Value)[] FeatureKinds =
        [("incompatible", FeatureKind.Incompatible), ("compatible", FeatureKind.Compatible), ("autoclear", FeatureKind.Autoclear)];

    public static readonly (string Name, PeerKind Value)[] PeerKinds =
        [("task", PeerKind.Task), ("service", PeerKind.Service), ("outside", PeerKind.Outside)];

    public static readonly (string Name, CheckpointErrorPolicy Value)[] ErrorPolicies =
        [("cancel", CheckpointErrorPolicy.Cancel), ("resume", CheckpointErrorPolicy.Resume)];

    public static readonly (string Name, KillPolicy Value)[] KillPolicies =
        [("none", KillPolicy.None), ("zero", KillPolicy.Zero), ("all", KillPolicy.All)];

    public static readonly (string Name, FilePolicy Value)[] FilePolicies =
        [("unchangeable", FilePolicy.Unchangeable), ("volatile", FilePolicy.Volatile),
         ("backup-overwrite", FilePolicy.BackupOverwrite), ("backup-skip", FilePolicy.BackupSkip)];

    public static readonly (string Name, FileOpenMode Value)[] FileModes =
        [("read", FileOpenMode.Read), ("write", FileOpenMode.Write), ("append", FileOpenMode.Append)];

    public static string Of<T>(IReadOnlyList<(string Name, T Value)> names, T value)
    {
        foreach ((string name, T v) in names)
        {
            if (EqualityComparer<T>.Default.Equals(v, value))
                return name;
        }
        throw new ArgumentOutOfRangeException(nameof(value), value, "no JSON name");
    }
}
