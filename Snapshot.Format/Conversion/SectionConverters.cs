using Snapshot.Format.Conversion.Sections;

namespace Snapshot.Format.Conversion;

/// <summary>The converter of every section type snapconv gives fields to; any other section is kept as its payload.</summary>
internal static class SectionConverters
{
    private static readonly Dictionary<(SectionType, ushort), SectionConverter> s_byType = new SectionConverter[]
    {
        new ParentsConverter(),
        new CheckpointConverter(),
        new TaskConverter(),
        new AreasConverter(),
        new ThreadConverter(),
        new TaskIpcConverter(),
        new CallsConverter(),
        new SharedAreasConverter(),
        new CooperationConverter(),
        new FilesConverter(),
        new MemoryChunkConverter(Layout.ChunkLayout.Version1),
        new MemoryChunkConverter(Layout.ChunkLayout.Version2),
        new ChunkReferenceConverter(),
        new RepairConverter(),
    }.ToDictionary(c => (c.Type, c.Version));

    /// <summary>The converter for a section this library reads (type and version), or null: the section is then opaque.</summary>
    public static SectionConverter? Find(SectionType type, ushort version) =>
        SectionNames.IsKnown(type, version) ? s_byType.GetValueOrDefault((type, version)) : null;
}
