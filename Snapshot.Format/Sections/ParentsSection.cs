using Snapshot.Format.Binary;

namespace Snapshot.Format.Sections;

/// <summary>
/// PARENTS payload (format 1.3): u32 count (1..64), then per ancestor, nearest first: hash image id, string file name.
/// </summary>
internal static class ParentsSection
{
    private const string Section = "PARENTS";

    /// <summary>Ancestors an image may name: deep enough for any sensible chain, small enough that resolving one stays cheap.</summary>
    public const int MaxParents = 64;

    /// <summary>The smallest ancestor entry: an id and an empty name's length.</summary>
    private const int MinEntry = Hash256.Size + sizeof(ushort);

    public static void Write(PayloadWriter writer, IReadOnlyList<ParentImage> parents)
    {
        ArgumentNullException.ThrowIfNull(parents);
        Check(parents);
        writer.U32((uint)parents.Count);
        foreach (ParentImage parent in parents)
        {
            writer.Hash(parent.Id);
            writer.String(parent.FileName, "parent file name");
        }
    }

    public static IReadOnlyList<ParentImage> Read(ReadOnlySpan<byte> payload, long offset)
    {
        var reader = new PayloadReader(payload, Section, offset);
        long countAt = reader.Offset;
        int count = reader.Count(MaxParents, MinEntry, "parent");
        if (count == 0)
            FormatThrow.Invalid(Section, countAt, "the list of parents is empty");
        var parents = new ParentImage[count];
        for (int i = 0; i < count; i++)
        {
            long at = reader.Offset;
            Hash256 id = reader.Hash();
            string name = reader.String("parent file name");
            if (id.IsZero)
                FormatThrow.Invalid(Section, at, $"parent {i + 1} has the zero image id");
            if (name.Length == 0)
                FormatThrow.Invalid(Section, at, $"parent {i + 1} has an empty file name");
            parents[i] = new ParentImage(id, name);
        }
        reader.End();
        return parents;
    }

    /// <summary>The writer's side of the rules <see cref="Read"/> enforces.</summary>
    public static void Check(IReadOnlyList<ParentImage> parents)
    {
        if (parents.Count is < 1 or > MaxParents)
            throw new ArgumentException($"an incremental image has 1..{MaxParents} parents, not {parents.Count}", nameof(parents));
        for (int i = 0; i < parents.Count; i++)
        {
            ParentImage parent = parents[i] ?? throw new ArgumentException($"parent {i + 1} is null", nameof(parents));
            if (parent.Id.IsZero)
                throw new ArgumentException($"parent {i + 1} ({parent.FileName}) has the zero image id", nameof(parents));
            if (string.IsNullOrEmpty(parent.FileName))
                throw new ArgumentException($"parent {i + 1} has no file name", nameof(parents));
        }
    }
}
