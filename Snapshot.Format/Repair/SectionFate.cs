namespace Snapshot.Format.Repair;

/// <summary>What a repair did with one section it found in the input.</summary>
public enum SectionFate
{
    /// <summary>Carried into the output unchanged.</summary>
    Kept,

    /// <summary>Not carried over: damaged, cut off, or belonging to a dropped task (a loss).</summary>
    Dropped,

    /// <summary>A byte-identical repeat of a section kept earlier (not a loss).</summary>
    Duplicate,

    /// <summary>The old INDEX: replaced by one rebuilt from the sections written (not a loss).</summary>
    Rebuilt,

    /// <summary>
    /// A SIGNATURE of the input left out of an output that differs from the signed image (not a loss: the image's
    /// content is all there, but the signature could no longer vouch for it; sign the output again).
    /// </summary>
    Discarded,
}
