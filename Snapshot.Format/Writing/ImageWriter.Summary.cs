using Snapshot.Format.Binary;
using Snapshot.Format.Layout;
using Snapshot.Format.Sections;
using Snapshot.Format.Summary;

namespace Snapshot.Format;

/// <summary>The SUMMARY section (format 1.3): what a reader needs instead of the whole index.</summary>
public sealed partial class ImageWriter
{
    /// <summary>The header's "summary" autoclear bit: an image that announces a summary gets one, whoever chose the bits.</summary>
    private bool WritesSummary => (_features.Autoclear & Features.AutoclearSummary) != 0;

    /// <summary>Set once the summary is written: before a carried SIGNATURE, or in <see cref="Complete"/>.</summary>
    private bool _summaryWritten;

    /// <summary>
    /// A 1.3 writer announces the summary in the header (the "summary" autoclear bit); below 1.3 it writes exactly
    /// the bytes an older writer wrote, so no bit and no section.
    /// </summary>
    private static void AddSummaryFeature(ImageWriterOptions? options, ref ulong autoclear, List<FeatureName> names)
    {
        if ((options ?? new ImageWriterOptions()).Compatibility < FormatVersion.V1_3 || (autoclear & Features.AutoclearSummary) != 0)
            return;
        autoclear |= Features.AutoclearSummary;
        names.Add(new FeatureName(FeatureKind.Autoclear, 1, Features.Name(FeatureKind.Autoclear, 1)!));
    }

    /// <summary>
    /// Writes the SUMMARY section when the header announced one: the last section before the index, or before the
    /// SIGNATURE, which covers it (also one a rewriting tool carries over: the summary then comes just before it). Built
    /// from the index entries the writer already holds, so it costs no extra pass.
    /// </summary>
    private void WriteSummary()
    {
        if (!WritesSummary || _summaryWritten)
            return;
        _summaryWritten = true;
        _payload.Clear();
        SummarySection.Write(_payload, ImageSummary.FromIndex(_index, _build.PageSize));
        ReadOnlySpan<byte> payload = _payload.WrittenSpan;
        var header = new SectionHeader(SectionType.Summary, SectionLayout.CurrentVersion, SectionFlags.None, payload.Length, Crc32C.Compute(payload));
        AddIndexEntry(IndexEntry.Of(header, _position), payload);
        WriteFramed(header, payload);
    }
}
