namespace Snapshot.Format.Diff;

/// <summary>Compares one area of A with the area of the same id in B: its record, then its pages.</summary>
internal static class AreaComparer
{
    public static AreaDiff Compare(ulong taskId, AreaRecord? x, AreaRecord? y, MemoryComparer memory)
    {
        if (x is null)
            return new AreaDiff(y!.AreaId, ChangeKind.Added, null, y, [], memory.OneSided(taskId, y, inB: true));
        if (y is null)
            return new AreaDiff(x.AreaId, ChangeKind.Removed, x, null, [], memory.OneSided(taskId, x, inB: false));

        var fields = new List<FieldChange>();
        FieldValues.Add(fields, "base", FieldValues.Address(x.Base), FieldValues.Address(y.Base));
        FieldValues.Add(fields, "size", FieldValues.Address(x.Size), FieldValues.Address(y.Size));
        FieldValues.Add(fields, "flags", Flags(x.Flags), Flags(y.Flags));
        FieldValues.Add(fields, "kind", x.Kind.ToString().ToLowerInvariant(), y.Kind.ToString().ToLowerInvariant());
        FieldValues.Add(fields, "backing", x.Backing.ToString().ToLowerInvariant(), y.Backing.ToString().ToLowerInvariant());
        FieldValues.Add(fields, "name", x.Name, y.Name);
        return new AreaDiff(x.AreaId, fields.Count == 0 ? ChangeKind.Unchanged : ChangeKind.Changed, x, y, fields,
            memory.Compare(taskId, x, y));
    }

    /// <summary>"rw-", as snapinfo writes area flags; bits this library does not know follow in hex.</summary>
    public static string Flags(AreaFlags flags)
    {
        const AreaFlags known = AreaFlags.Read | AreaFlags.Write | AreaFlags.Execute;
        string rwx = string.Concat(
            (flags & AreaFlags.Read) != 0 ? "r" : "-",
            (flags & AreaFlags.Write) != 0 ? "w" : "-",
            (flags & AreaFlags.Execute) != 0 ? "x" : "-");
        AreaFlags unknown = flags & ~known;
        return unknown == 0 ? rwx : $"{rwx}+0x{(uint)unknown:x}";
    }
}
