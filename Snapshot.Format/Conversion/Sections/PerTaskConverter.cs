using System.Buffers.Binary;

namespace Snapshot.Format.Conversion.Sections;

/// <summary>A section that belongs to one task: its payload starts with the u64 task id, which the index entry repeats.</summary>
internal abstract class PerTaskConverter : SectionConverter
{
    public override IndexEntry Identify(IndexEntry framed, ReadOnlySpan<byte> payload) =>
        framed with { TaskId = BinaryPrimitives.ReadUInt64LittleEndian(payload) };
}
