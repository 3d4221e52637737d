using Snapshot.Format;

namespace Snapshot.Fuzz.Targets;

/// <summary>ImageReader: open (header, footer, index), read the metadata and every chunk.</summary>
public sealed class ReaderTarget : FuzzTarget
{
    public override string Name => "reader";

    public override bool MeasuresAllocation => true;

    public override TargetOutcome Run(FuzzInput input)
    {
        using var reader = ImageReader.Open(input.Path);
        reader.ReadMetadata();
        foreach (var entry in reader.Index)
        {
            if (entry.Type == SectionType.MemoryChunk)
            {
                reader.ReadChunk(entry).Pages().Count();
            }
        }

        return TargetOutcome.Accepted;
    }

    public override bool IsDocumented(Exception exception) => exception is SnapshotFormatException;
}
