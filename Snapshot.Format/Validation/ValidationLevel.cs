namespace Snapshot.Format.Validation;

/// <summary>How deeply <see cref="ImageValidator"/> checks an image (format-spec/image-format.md §14).</summary>
public enum ValidationLevel
{
    /// <summary>Everything: framing, every CRC, every chunk decompressed and hashed, cross references, kernel blobs through the build profile.</summary>
    Full,

    /// <summary>
    /// Storage integrity at the speed of a sequential read: framing, every section header CRC and payload CRC, the
    /// index against the walk and the footer. Nothing is decompressed, no page is hashed, no blob is decoded through a
    /// profile and no cross reference is checked, so an image whose writer stored wrong contents under correct CRCs passes.
    /// </summary>
    Quick,
}
