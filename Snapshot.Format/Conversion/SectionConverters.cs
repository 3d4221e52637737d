using Snapshot.Format.Conversion.Sections;

namespace Snapshot.Format.Conversion;

/// <summary>The converter of every section type snapconv gives fields to; any other section is kept as its payload.</summary>
internal static class SectionConverters
{
    private static readonly Dictionary<SectionType, SectionConverter> s_byType = new SectionConverter[]
    {
        new CheckpointConverter(),
        new TaskConverter(),
        new AreasConverter(),
        new ThreadConverter(),
        new TaskIpcConverter(),
        new CallsConverter(),
        new SharedAreasConverter(),
        new CooperationConverter(),
        new FilesConverter(),
        new MemoryChunkConverter(),
        new RepairConverter(),
    }.ToDictionary(c => c.Type);

    /// <summary>The converter for a section this library reads (type and version), or null: the section is then opaque.</summary>
    public static SectionConverter? Find(SectionType type, ushort version) =>
        SectionNames.IsKnown(type, version) ? s_byType.GetValueOrDefault(type) : null;
}
