using System.Buffers;
using Snapshot.Format.Binary;
using Snapshot.Format.Layout;
using Snapshot.Format.Reading;
using Snapshot.Format.Sections;

namespace Snapshot.Format.Repair;

internal sealed partial class RepairRun
{
    /// <summary>Largest section of an unknown type carried over (it is copied through memory).</summary>
    private const int MaxCarriedUnknownPayload = FormatLimits.MaxMetadataPayload;

    /// <summary>
    /// Walks the input from the first possible section to the footer, ignoring the index. A section whose section
    /// header CRC verifies is trusted for its length and judged by its payload CRC; after a frame that does not
    /// verify, the walk re-syncs at the next 8-aligned sync marker, as a PNG decoder does after a bad chunk.
    /// </summary>
    private void Scan()
    {
        long position = _scanStart;
        Span<byte> frame = stackalloc byte[SectionLayout.HeaderLength];
        while (position < _scanEnd)
        {
            ReportProgress(position);
            if (_scanEnd - position < SectionLayout.HeaderLength)
            {
                AddUnreadable(position, _scanEnd, $"{_scanEnd - position} bytes are too few for a section header (cut off)");
                break;
            }
            _file.Read(position, frame, "section");
            SectionHeader header;
            try
            {
                header = SectionHeader.Parse(frame, position);
            }
            catch (SnapshotFormatException e)
            {
                long next = Resync(position + SectionLayout.Alignment);
                AddUnreadable(position, next, e.Reason);
                position = next;
                continue;
            }

            long available = _scanEnd - position - SectionLayout.HeaderLength;
            if (header.PayloadLength > available)
            {
                // Cut off (or a length no writer wrote): what remains is kept for inspection only, and the walk
                // looks inside it in case the length is what was damaged.
                var cut = new FoundSection(position, _scanEnd - position, header)
                {
                    Damage = $"truncated: the payload needs {header.PayloadLength} bytes, only {available} remain",
                };
                if (header.Type == SectionType.MemoryChunk)
                    cut.Chunk = UnverifiedChunk(position, header, available);
                _items.Add(cut);
                long next = Resync(position + SectionLayout.Alignment);
                position = next;
                continue;
            }

            FoundSection found = ReadSection(position, header);
            _items.Add(found);
            position = Math.Min(position + header.TotalLength, _scanEnd);
        }
        ReportProgress(_scanEnd);
        AttributeHeaderRemainder();
    }

    /// <summary>
    /// With a damaged header the walk starts right after the magic; the bytes before the first section are the rest
    /// of that header, already recorded as lost, not unknown data.
    /// </summary>
    private void AttributeHeaderRemainder()
    {
        if (_headerState.Condition != PartCondition.Damaged || _items.Count == 0 || _items[0] is not UnreadableBytes rest
            || rest.Offset != _scanStart)
            return;
        _items.RemoveAt(0);
        int at = _lostSections.FindIndex(l => l.Kind == LostSectionKind.Header);
        _lostSections[at] = _lostSections[at] with { Length = rest.End };
    }

    private FoundSection ReadSection(long offset, SectionHeader header)
    {
        var found = new FoundSection(offset, Math.Min(header.TotalLength, _scanEnd - offset), header);
        bool known = SectionNames.IsKnown(header.Type, header.Version);
        if (!known && header.IsCritical)
        {
            found.Damage = $"critical section type {header.Name} version {header.Version} is not supported by this repair tool";
            return found;
        }
        long limit = known ? header.PayloadLimit : MaxCarriedUnknownPayload;
        if (header.PayloadLength > limit)
        {
            found.Damage = known
                ? $"payload length {header.PayloadLength} exceeds the limit {limit}"
                : $"a non-critical section of an unknown type larger than {limit} bytes is not carried over";
            return found;
        }

        int length = (int)header.PayloadLength;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            Span<byte> payload = buffer.AsSpan(0, length);
            long payloadOffset = offset + SectionLayout.HeaderLength;
            _file.Read(payloadOffset, payload, header.Name);
            uint crc = Crc32C.Compute(payload);
            if (crc != header.PayloadCrc)
            {
                found.Damage = $"payload CRC32C mismatch (stored 0x{header.PayloadCrc:x8}, computed 0x{crc:x8})";
                if (SectionNames.IsChunk(header.Type))
                    found.Chunk = TryChunkHeader(payload, header, payloadOffset);
                return found;
            }
            if (known)
                Interpret(found, payload, payloadOffset);
        }
        catch (SnapshotFormatException e)
        {
            found.Damage = $"its CRCs verify but its payload is malformed: {e.Message}";
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return found;
    }

    /// <summary>Parses a CRC-verified payload of a known type; a malformed one throws and the section counts as damaged.</summary>
    private void Interpret(FoundSection found, ReadOnlySpan<byte> payload, long payloadOffset)
    {
        switch (found.Type)
        {
            case SectionType.Checkpoint:
                found.Checkpoint = CheckpointSection.Read(payload, payloadOffset);
                break;
            case SectionType.Task:
                found.Task = TaskSection.Read(payload, payloadOffset);
                found.TaskId = found.Task.TaskId;
                break;
            case SectionType.Areas:
                (ulong taskId, IReadOnlyList<AreaRecord> areas) = AreasSection.Read(payload, payloadOffset);
                found.Areas = areas;
                found.TaskId = taskId;
                break;
            case SectionType.Thread:
                found.Thread = ThreadSection.Read(payload, payloadOffset);
                found.TaskId = found.Thread.TaskId;
                break;
            case SectionType.MemoryChunk:
                // Decoding and hashing proves the chunk restorable, not merely intact on disk.
                ChunkHeader chunk = ChunkHeader.Parse(payload, payload.Length, payloadOffset, _build!.PageSize, _pagesPerChunk, found.Header.Version);
                ChunkDecoder.Decode(chunk, payload, payloadOffset, _pagesPerChunk, verifyContentHash: true);
                found.Chunk = chunk;
                found.TaskId = chunk.TaskId;
                break;
            case SectionType.ChunkReference:
                // Its target is checked once the kept chunks are known (CheckReferences).
                found.Reference = ChunkReferenceSection.Parse(payload, payloadOffset, _pagesPerChunk);
                found.Chunk = IdentityOf(found.Reference);
                found.TaskId = found.Reference.TaskId;
                break;
            case SectionType.Repair:
                found.Repair = RepairSection.Read(payload, payloadOffset);
                break;
            case SectionType.Cooperation:
                found.Cooperation = CooperationSection.Read(payload, payloadOffset);
                break;
            case SectionType.SharedAreas:
                found.SharedAreas = SharedAreasSection.Read(payload, payloadOffset);
                break;
            case SectionType.Calls:
                found.Calls = CallsSection.Read(payload, payloadOffset);
                break;
            case SectionType.TaskIpc:
                found.TaskIpc = TaskIpcSection.Read(payload, payloadOffset);
                found.TaskId = found.TaskIpc.TaskId;
                break;
            case SectionType.Files:
                found.Files = FilesSection.Read(payload, payloadOffset);
                found.TaskId = found.Files.TaskId;
                break;
            case SectionType.Index:
                found.IndexEntries = ParseIndexEntries(payload, payloadOffset);
                break;
        }
    }

    /// <summary>The entries of a CRC-verified INDEX, without the ordering checks: here it is evidence, not a map.</summary>
    private static IndexEntry[] ParseIndexEntries(ReadOnlySpan<byte> payload, long payloadOffset)
    {
        (int count, int size) = IndexSection.ParseCounts(payload, payloadOffset);
        var entries = new IndexEntry[count];
        for (int i = 0; i < count; i++)
        {
            int start = IndexLayout.EntriesOffset + i * size;
            entries[i] = IndexSection.ParseEntry(payload.Slice(start, size), payloadOffset + start, i);
        }
        return entries;
    }

    /// <summary>The fixed fields of a chunk whose payload is cut off, when enough of it remains.</summary>
    private ChunkHeader? UnverifiedChunk(long offset, SectionHeader header, long available)
    {
        if (available < ChunkLayout.FixedLength)
            return null;
        Span<byte> fixedPart = stackalloc byte[ChunkLayout.FixedLength];
        _file.Read(offset + SectionLayout.HeaderLength, fixedPart, header.Name);
        return TryChunkHeader(fixedPart, header, offset + SectionLayout.HeaderLength);
    }

    /// <summary>
    /// A damaged chunk's (or chunk reference's) identifying fields when they are self-consistent; they are unverified
    /// and only name what was lost.
    /// </summary>
    private ChunkHeader? TryChunkHeader(ReadOnlySpan<byte> payload, SectionHeader header, long payloadOffset)
    {
        try
        {
            return header.Type == SectionType.ChunkReference
                ? IdentityOf(ChunkReferenceSection.Parse(payload, payloadOffset, _pagesPerChunk))
                : ChunkHeader.Parse(payload, header.PayloadLength, payloadOffset, _build!.PageSize, _pagesPerChunk, header.Version);
        }
        catch (SnapshotFormatException)
        {
            return null;
        }
    }

    /// <summary>The chunk a reference stands for, by identity only (it stores no bytes).</summary>
    private static ChunkHeader IdentityOf(ChunkReference reference) =>
        new(reference.TaskId, reference.AreaId, reference.ChunkIndex, reference.PresentBitmap, ChunkCodec.Raw, 0, 0, reference.ContentHash);

    private void AddUnreadable(long offset, long end, string reason)
    {
        if (_items.Count > 0 && _items[^1] is UnreadableBytes previous && previous.End == offset)
        {
            previous.Length = end - previous.Offset;
            return;
        }
        _items.Add(new UnreadableBytes(offset, end - offset, reason));
    }

    /// <summary>The next 8-aligned offset at or after <paramref name="from"/> holding a sync marker, or the end of the scan.</summary>
    private long Resync(long from) => SyncMarkerScan.Next(_file, from, _scanEnd);

    /// <summary>
    /// Settles what the old index and footer were: a CRC-valid INDEX becomes evidence of what the image held;
    /// damaged bytes known to be the old index or footer are not losses, since both are always rebuilt.
    /// </summary>
    private void ClassifyIndex()
    {
        var indexes = _items.OfType<FoundSection>().Where(s => s.Type == SectionType.Index).ToList();
        foreach (FoundSection index in indexes)
        {
            index.Fate = SectionFate.Rebuilt;
            index.Detail = index.IsValid ? "replaced by a rebuilt index" : $"damaged ({index.Damage}); replaced by a rebuilt index";
        }
        FoundSection? valid = indexes.FirstOrDefault(s => s.IsValid);
        if (valid is not null)
        {
            _oldIndex = valid.IndexEntries;
            _indexState = PartState.Intact;
        }
        else if (indexes.Count > 0)
        {
            _indexState = new PartState(PartCondition.Damaged, $"section INDEX at offset 0x{indexes[0].Offset:x}: {indexes[0].Damage}");
        }

        foreach (UnreadableBytes bytes in _items.OfType<UnreadableBytes>())
        {
            if (_footerIndexOffset is { } at && bytes.Offset == at)
            {
                bytes.WasIndex = true;
                _indexState = new PartState(PartCondition.Damaged, $"section INDEX at offset 0x{at:x}: {bytes.Reason}");
            }
        }

        // Without footer magic the walk ran to the end of the file: 32 unreadable bytes right after the INDEX
        // section are its footer with a damaged magic, not data.
        if (_items.Count >= 2 && _items[^1] is UnreadableBytes tail && tail.Length == FooterLayout.Length
            && tail.End == _file.Length && _items[^2] is FoundSection { Type: SectionType.Index } before && before.End == tail.Offset)
        {
            _items.RemoveAt(_items.Count - 1);
            _footerState = new PartState(PartCondition.Damaged, $"footer at offset 0x{tail.Offset:x}: footer magic damaged");
        }
        if (_footerState.Condition == PartCondition.Missing && _indexState.Condition == PartCondition.Missing)
            _indexState = new PartState(PartCondition.Missing, "no INDEX section found");
    }
}
