namespace Snapshot.Format.Summary;

/// <summary>Where an <see cref="ImageSummaryReader"/> learned the image's sections and per-area totals.</summary>
public enum SummarySource
{
    /// <summary>The SUMMARY section (format 1.3): a few KiB, whatever the image's size.</summary>
    Summary,

    /// <summary>The whole index: an image without a (current) summary, or a reader told not to use it.</summary>
    Index,
}
