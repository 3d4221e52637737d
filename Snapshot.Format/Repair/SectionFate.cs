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
}
