using Snapshot.Format.Binary;
using Snapshot.Format.Layout;

namespace Snapshot.Format.Sections;

/// <summary>AREAS payload: u64 task id, u32 count, entries (id, base, size, flags, kind, backing, reserved, name).</summary>
internal static class AreasSection
{
    /// <summary>Smallest entry: fixed fields plus an empty name.</summary>
    private const int MinEntryLength = 4 + 8 + 8 + 4 + 1 + 1 + 2 + 2;

    private const AreaFlags AllFlags = AreaFlags.Read | AreaFlags.Write | AreaFlags.Execute;

    public static void Write(PayloadWriter writer, ulong taskId, IReadOnlyList<AreaRecord> areas)
    {
        ArgumentNullException.ThrowIfNull(areas);
        if (areas.Count > FormatLimits.MaxAreasPerTask)
            throw new ArgumentException($"a task has at most {FormatLimits.MaxAreasPerTask} areas", nameof(areas));
        writer.U64(taskId);
        writer.U32((uint)areas.Count);
        foreach (AreaRecord area in areas)
        {
            if ((area.Flags & ~AllFlags) != 0 || !Enum.IsDefined(area.Kind) || !Enum.IsDefined(area.Backing))
                throw new ArgumentException($"area {area.AreaId} has undefined flags, kind or backing", nameof(areas));
            writer.U32(area.AreaId);
            writer.U64(area.Base);
            writer.U64(area.Size);
            writer.U32((uint)area.Flags);
            writer.U8((byte)area.Kind);
            writer.U8((byte)area.Backing);
            writer.U16(0);
            writer.String(area.Name, "area name");
        }
    }

    public static (ulong TaskId, IReadOnlyList<AreaRecord> Areas) Read(ReadOnlySpan<byte> payload, long offset)
    {
        var reader = new PayloadReader(payload, "AREAS", offset);
        ulong taskId = reader.U64();
        int count = reader.Count(FormatLimits.MaxAreasPerTask, MinEntryLength, "area");
        var areas = new AreaRecord[count];
        for (int i = 0; i < count; i++)
        {
            uint id = reader.U32();
            ulong start = reader.U64();
            ulong size = reader.U64();
            long at = reader.Offset;
            var flags = (AreaFlags)reader.U32();
            if ((flags & ~AllFlags) != 0)
                FormatThrow.Invalid(reader.Section, at, $"area {id} has unknown flag bits 0x{(uint)flags:x}");
            at = reader.Offset;
            var kind = (AreaKind)reader.U8();
            if (!Enum.IsDefined(kind))
                FormatThrow.Invalid(reader.Section, at, $"area {id} has unknown kind {(byte)kind}");
            at = reader.Offset;
            var backing = (AreaBacking)reader.U8();
            if (!Enum.IsDefined(backing))
                FormatThrow.Invalid(reader.Section, at, $"area {id} has unknown backing {(byte)backing}");
            reader.Reserved(2);
            areas[i] = new AreaRecord(id, start, size, flags, kind, backing, reader.String("area name"));
        }
        reader.End();
        return (taskId, areas);
    }
}
