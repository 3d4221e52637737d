namespace Snapshot.Format.Repair;

/// <summary>What a <see cref="LostSection"/> describes.</summary>
public enum LostSectionKind : byte
{
    /// <summary>A section whose framing was readable (its type is known) but which was not carried over.</summary>
    Section = 0,

    /// <summary>Bytes between readable sections whose framing was damaged: what they held is not known.</summary>
    UnreadableBytes = 1,

    /// <summary>The image header: it was damaged and rebuilt from a build stamp the user supplied.</summary>
    Header = 2,
}
