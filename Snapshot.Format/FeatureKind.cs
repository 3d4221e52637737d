namespace Snapshot.Format;

/// <summary>The three kinds of feature bits in the header (the qcow2 scheme).</summary>
public enum FeatureKind : byte
{
    /// <summary>A reader that does not know the bit must refuse the image.</summary>
    Incompatible = 0,

    /// <summary>A reader that does not know the bit ignores it.</summary>
    Compatible = 1,

    /// <summary>A writer that rewrites the image clears bits it does not know.</summary>
    Autoclear = 2,
}
