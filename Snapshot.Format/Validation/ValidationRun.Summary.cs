using System.Buffers;
using Snapshot.Format.Layout;
using Snapshot.Format.Sections;
using Snapshot.Format.Summary;

namespace Snapshot.Format.Validation;

internal sealed partial class ValidationRun
{
    /// <summary>
    /// With the "summary" bit (format 1.3) the index ends with a SUMMARY section (before a SIGNATURE) that says exactly
    /// what the index says: a stale or forged summary would make snapinfo show another image than restore reads.
    /// </summary>
    private void CheckSummary()
    {
        if ((_header.Features.Autoclear & Features.AutoclearSummary) == 0 || _model.Index is not { Count: > 0 } index)
            return;
        int at = index[^1].Type == SectionType.Signature && index.Count >= 2 ? index.Count - 2 : index.Count - 1;
        IndexEntry entry = index[at];
        if (entry.Type != SectionType.Summary || entry.Version != SectionLayout.CurrentVersion)
        {
            Problem("SUMMARY", _model.IndexOffset,
                $"the header has the \"summary\" bit, but the index ends with a {entry.SectionName} version {entry.Version} section, not SUMMARY version 1");
            return;
        }
        if (entry.PayloadLength > SummaryLayout.MaxPayload)
        {
            Problem("SUMMARY", entry.Offset, $"payload length {entry.PayloadLength} exceeds the limit {SummaryLayout.MaxPayload}");
            return;
        }

        int length = (int)entry.PayloadLength;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, length));
        try
        {
            ReadOnlySpan<byte> payload = buffer.AsSpan(0, length);
            _file.Read(entry.Offset + SectionLayout.HeaderLength, buffer.AsSpan(0, length), "SUMMARY");
            if (Binary.Crc32C.Compute(payload) != entry.PayloadCrc)
                return; // the walk reported the mismatch; damaged bytes are not interpreted
            ImageSummary stored = SummarySection.Parse(payload, entry.Offset, _headerLength, _header.Build.PageSize, _pagesPerChunk);
            ImageSummary expected = ImageSummary.FromIndex(index.Take(at), _header.Build.PageSize);
            if (FirstDifference(stored, expected) is { } difference)
                Problem("SUMMARY", entry.Offset, $"the summary does not describe this image (stale or altered): {difference}");
        }
        catch (SnapshotFormatException e)
        {
            Problem(e, "SUMMARY", entry.Offset);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static string? FirstDifference(ImageSummary stored, ImageSummary expected)
    {
        for (int i = 0; i < Math.Min(stored.Sections.Count, expected.Sections.Count); i++)
        {
            if (stored.Sections[i] != expected.Sections[i])
                return $"its entry {i} ({stored.Sections[i].SectionName} at 0x{stored.Sections[i].Offset:x}) differs from the index's {expected.Sections[i].SectionName} at 0x{expected.Sections[i].Offset:x}";
        }
        if (stored.Sections.Count != expected.Sections.Count)
            return $"it lists {stored.Sections.Count} metadata sections, the index {expected.Sections.Count}";
        for (int i = 0; i < Math.Min(stored.Areas.Count, expected.Areas.Count); i++)
        {
            AreaMemorySummary s = stored.Areas[i], e = expected.Areas[i];
            if (s != e)
                return s.TaskId == e.TaskId && s.AreaId == e.AreaId
                    ? $"area {s.AreaId} of task {s.TaskId}: {Totals(s)} in the summary, {Totals(e)} in the index"
                    : $"its area record {i} is area {s.AreaId} of task {s.TaskId}, the index's is area {e.AreaId} of task {e.TaskId}";
        }
        return stored.Areas.Count != expected.Areas.Count
            ? $"it has {stored.Areas.Count} area records, the index has memory in {expected.Areas.Count} areas"
            : null;
    }

    private static string Totals(AreaMemorySummary a) =>
        $"{a.Chunks} chunks, {a.References} references, {a.PagesPresent} pages, {a.StoredBytes} stored bytes, chunks {a.FirstChunk}-{a.LastChunk} from 0x{a.FirstOffset:x} ({a.PayloadBytes} payload bytes)";
}
