using System.Buffers;
using System.Numerics;
using System.Security.Cryptography;
using Snapshot.Format.Binary;
using Snapshot.Format.Codecs;
using Snapshot.Format.Layout;
using Snapshot.Format.Reading;
using Snapshot.Format.Sections;

namespace Snapshot.Format.Validation;

/// <summary>
/// The part of a validation that runs on the workers: reads one MEMCHUNK section, checks its payload CRC, parses
/// its fixed part and (full level) decompresses and hashes its pages: against the content hash (version 1), or each
/// page against its page hash and the page-hash array against the content hash (version 2, format 1.3). It shares
/// nothing mutable with the walk, so any number of chunks can be inspected at once; every buffer is rented here and
/// returned before the finding is.
/// </summary>
internal sealed class ChunkInspector
{
    private const string Section = "MEMCHUNK";

    private readonly ImageFile _file;
    private readonly uint _pageSize;
    private readonly int _pagesPerChunk;
    private readonly ValidationLevel _level;

    public ChunkInspector(ImageFile file, uint pageSize, int pagesPerChunk, ValidationLevel level)
    {
        _file = file;
        _pageSize = pageSize;
        _pagesPerChunk = pagesPerChunk;
        _level = level;
    }

    /// <summary>
    /// Bytes one inspection holds at most: the largest payload this geometry allows and a buffer for its
    /// uncompressed pages. The walk sizes its window from this, so memory does not grow with the image.
    /// </summary>
    public long BytesInFlight =>
        ChunkLayout.StoredOffset(ChunkLayout.Version2, _pagesPerChunk) + 2L * _pagesPerChunk * _pageSize + FormatLimits.ChunkStoredSlack;

    /// <summary>Inspects the MEMCHUNK framed by <paramref name="section"/> at <paramref name="offset"/> (a section header whose CRC matched).</summary>
    public ChunkFinding Inspect(SectionHeader section, long offset)
    {
        IndexEntry walked = IndexEntry.Of(section, offset);
        var problems = new List<ValidationProblem>();
        if (section.PayloadLength > section.PayloadLimit)
        {
            problems.Add(new ValidationProblem(section.Name, offset, $"payload length {section.PayloadLength} exceeds the limit {section.PayloadLimit}"));
            return new ChunkFinding(walked, Parsed: false, Checked: false, PageBytes: 0, problems);
        }

        int length = (int)section.PayloadLength;
        long payloadOffset = offset + SectionLayout.HeaderLength;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            Span<byte> payload = buffer.AsSpan(0, length);
            _file.Read(payloadOffset, payload, section.Name);
            uint crc = Crc32C.Compute(payload);
            if (crc != section.PayloadCrc)
            {
                // Damaged bytes are not interpreted: their content would only produce echoes of this one problem.
                problems.Add(new ValidationProblem(section.Name, offset, $"payload CRC32C mismatch (stored 0x{section.PayloadCrc:x8}, computed 0x{crc:x8})"));
                return new ChunkFinding(walked, Parsed: false, Checked: false, PageBytes: 0, problems);
            }

            ChunkHeader header;
            try
            {
                header = ChunkHeader.Parse(payload, payload.Length, payloadOffset, _pageSize, _pagesPerChunk, section.Version);
            }
            catch (SnapshotFormatException e)
            {
                problems.Add(new ValidationProblem(e.Section ?? section.Name, e.Offset ?? offset, e.Reason));
                return new ChunkFinding(walked, Parsed: false, Checked: false, PageBytes: 0, problems);
            }

            walked = walked.With(header);
            if (_level == ValidationLevel.Quick)
                return new ChunkFinding(walked, Parsed: true, Checked: true, PageBytes: 0, problems);
            try
            {
                VerifyContents(header, payload, payloadOffset);
                return new ChunkFinding(walked, Parsed: true, Checked: true, PageBytes: header.UncompressedLength, problems);
            }
            catch (SnapshotFormatException e)
            {
                problems.Add(new ValidationProblem(e.Section ?? section.Name, e.Offset ?? offset, e.Reason));
                return new ChunkFinding(walked, Parsed: true, Checked: false, PageBytes: 0, problems);
            }
        }
        catch (SnapshotFormatException e)
        {
            // The file ended under the payload although the framing said it would not (it shrank while being checked).
            problems.Add(new ValidationProblem(e.Section ?? section.Name, e.Offset ?? offset, e.Reason));
            return new ChunkFinding(walked, Parsed: false, Checked: false, PageBytes: 0, problems);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Decompresses the stored bytes into a rented buffer (raw chunks are hashed in place) and checks them against their hashes.</summary>
    private void VerifyContents(ChunkHeader header, ReadOnlySpan<byte> payload, long payloadOffset)
    {
        ReadOnlySpan<byte> stored = payload.Slice(header.StoredOffset, header.StoredLength);
        if (header.Codec == ChunkCodec.Raw)
        {
            CheckHashes(header, payload, stored, payloadOffset);
            return;
        }

        byte[] pages = ArrayPool<byte>.Shared.Rent(header.UncompressedLength);
        try
        {
            Span<byte> data = pages.AsSpan(0, header.UncompressedLength);
            ZstdDecompressor.Decompress(stored, data, Section, payloadOffset + header.StoredOffset);
            CheckHashes(header, payload, data, payloadOffset);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(pages);
        }
    }

    private void CheckHashes(ChunkHeader header, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> data, long payloadOffset)
    {
        if (header.Version == ChunkLayout.Version1)
        {
            Hash256 computed = Hash256.Compute(data);
            if (computed != header.ContentHash)
                FormatThrow.Invalid(Section, payloadOffset + ChunkLayout.ContentHashOffset,
                    $"content hash mismatch (stored {header.ContentHash.Short}, computed {computed.Short})");
            return;
        }

        // Version 2: the tree's two levels are checked separately, so a damaged page is named by its page number.
        ReadOnlySpan<byte> pageHashes = payload.Slice(ChunkLayout.PageHashesOffset, header.PageHashesLength);
        ChunkDecoder.VerifyPageHashes(header, pageHashes, ReadOnlySpan<byte>.Empty, payloadOffset);
        int pageSize = (int)_pageSize;
        Span<byte> computedPage = stackalloc byte[Hash256.Size];
        ulong remaining = header.PresentBitmap;
        int firstBad = -1, bad = 0;
        int firstBit = 0;
        for (int i = 0; remaining != 0; i++, remaining &= remaining - 1)
        {
            SHA256.HashData(data.Slice(i * pageSize, pageSize), computedPage);
            if (computedPage.SequenceEqual(pageHashes.Slice(i * Hash256.Size, Hash256.Size)))
                continue;
            if (bad++ == 0)
            {
                firstBad = i;
                firstBit = BitOperations.TrailingZeroCount(remaining);
            }
        }
        if (bad > 0)
        {
            ulong page = (ulong)header.ChunkIndex * (ulong)_pagesPerChunk + (ulong)firstBit;
            string more = bad > 1 ? $" (and {bad - 1} more of its {header.PresentPages} pages)" : "";
            FormatThrow.Invalid(Section, payloadOffset + ChunkLayout.PageHashesOffset + firstBad * Hash256.Size,
                $"page {page} of area {header.AreaId} of task {header.TaskId} does not match its page hash{more}");
        }
    }
}
