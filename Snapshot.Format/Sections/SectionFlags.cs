namespace Snapshot.Format;

/// <summary>Section flags.</summary>
[Flags]
public enum SectionFlags : ushort
{
    /// <summary>A reader that does not know the section skips it.</summary>
    None = 0,

    /// <summary>A reader that does not know the section (type or version) must refuse the image.</summary>
    Critical = 1,
}
