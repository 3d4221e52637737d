using System.Buffers;
using System.Buffers.Binary;
using Snapshot.Format.Binary;
using Snapshot.Format.Layout;
using Snapshot.Format.Reading;
using Snapshot.Format.Sections;

namespace Snapshot.Format.Validation;

internal sealed partial class ValidationRun
{
    /// <summary>
    /// Follows the section framing from the end of the header to the footer. A damaged frame is reported and
    /// the walk resumes at the next sync marker, like a PNG decoder re-syncing after a bad chunk.
    /// </summary>
    private void Walk(long walkEnd)
    {
        long position = _headerLength;
        Span<byte> frame = stackalloc byte[SectionLayout.HeaderLength];
        while (position < walkEnd)
        {
            ReportProgress(position);
            if (walkEnd - position < SectionLayout.HeaderLength)
            {
                Problem("section", position, $"{walkEnd - position} bytes before the footer are too few for a section");
                return;
            }
            _file.Read(position, frame, "section");
            SectionHeader section;
            try
            {
                section = SectionHeader.Parse(frame, position);
            }
            catch (SnapshotFormatException e)
            {
                Problem(e, "section", position);
                position = Resync(position + SectionLayout.Alignment, walkEnd);
                continue;
            }
            if (section.PayloadLength > walkEnd - position - SectionLayout.HeaderLength)
            {
                Problem(section.Name, position, $"payload length {section.PayloadLength} runs past the end of the sections (0x{walkEnd:x})");
                position = Resync(position + SectionLayout.Alignment, walkEnd);
                continue;
            }
            _sectionsChecked++;
            CheckSection(section, position);
            CheckPadding(section, position, walkEnd);
            position += section.TotalLength;
        }
        ReportProgress(walkEnd);
    }

    private void CheckSection(SectionHeader section, long offset)
    {
        IndexEntry walked = IndexEntry.Of(section, offset);
        if (_model.IndexOffset >= 0)
            _model.SectionsAfterIndex++;

        bool known = SectionNames.IsKnown(section.Type, section.Version);
        if (!known)
        {
            if (section.IsCritical)
                Problem(section.Name, offset, $"critical section type {section.Name} version {section.Version} is not supported");
            CheckCrcStreaming(section, offset);
            _walked.Add(walked);
            return;
        }
        if (section.PayloadLength > section.PayloadLimit)
        {
            Problem(section.Name, offset, $"payload length {section.PayloadLength} exceeds the limit {section.PayloadLimit}");
            MarkUnparsed(section);
            if (section.Type != SectionType.Index)
                _walked.Add(walked);
            return;
        }

        int length = (int)section.PayloadLength;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            Span<byte> payload = buffer.AsSpan(0, length);
            _file.Read(offset + SectionLayout.HeaderLength, payload, section.Name);
            uint crc = Crc32C.Compute(payload);
            if (section.Type == SectionType.Index)
                NoteIndex(offset);
            if (crc != section.PayloadCrc)
            {
                // Damaged bytes are not interpreted: their content would only produce echoes of this one problem.
                Problem(section.Name, offset, $"payload CRC32C mismatch (stored 0x{section.PayloadCrc:x8}, computed 0x{crc:x8})");
                MarkUnparsed(section);
            }
            else
            {
                try
                {
                    walked = Parse(section, payload, offset, walked);
                }
                catch (SnapshotFormatException e)
                {
                    Problem(e, section.Name, offset);
                    MarkUnparsed(section);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        if (section.Type != SectionType.Index)
            _walked.Add(walked);
    }

    private IndexEntry Parse(SectionHeader section, ReadOnlySpan<byte> payload, long offset, IndexEntry walked)
    {
        long payloadOffset = offset + SectionLayout.HeaderLength;
        if (SectionNames.IsPerTask(section.Type) && payload.Length >= sizeof(ulong))
            walked = walked with { TaskId = BinaryPrimitives.ReadUInt64LittleEndian(payload) };
        switch (section.Type)
        {
            case SectionType.Checkpoint:
                _model.Checkpoints.Add((CheckpointSection.Read(payload, payloadOffset), offset));
                _model.Order.Add((section.Type, offset, 0));
                break;
            case SectionType.Task:
                TaskRecord task = TaskSection.Read(payload, payloadOffset);
                _model.Tasks.Add((task, offset));
                _model.Order.Add((section.Type, offset, task.TaskId));
                break;
            case SectionType.Areas:
                (ulong taskId, IReadOnlyList<AreaRecord> areas) = AreasSection.Read(payload, payloadOffset);
                _model.Areas.Add((taskId, areas, offset));
                _model.Order.Add((section.Type, offset, taskId));
                break;
            case SectionType.Thread:
                ThreadRecord thread = ThreadSection.Read(payload, payloadOffset);
                _model.Threads.Add((thread, offset));
                _model.Order.Add((section.Type, offset, thread.TaskId));
                break;
            case SectionType.MemoryChunk:
                ChunkHeader header = ChunkHeader.Parse(payload, payload.Length, payloadOffset, _header.Build.PageSize, _pagesPerChunk);
                walked = walked.With(header);
                _model.Chunks.Add((walked, offset));
                _model.Order.Add((section.Type, offset, header.TaskId));
                MemoryChunk chunk = ChunkDecoder.Decode(header, payload, payloadOffset, _pagesPerChunk, verifyContentHash: true);
                _chunksChecked++;
                _pageBytesChecked += chunk.Data.Length;
                break;
            case SectionType.Cooperation:
                _model.Cooperations.Add((CooperationSection.Read(payload, payloadOffset), offset));
                _model.Order.Add((section.Type, offset, 0));
                break;
            case SectionType.SharedAreas:
                _model.SharedAreas.Add((SharedAreasSection.Read(payload, payloadOffset), offset));
                _model.Order.Add((section.Type, offset, 0));
                break;
            case SectionType.Calls:
                _model.Calls.Add((CallsSection.Read(payload, payloadOffset), offset));
                _model.Order.Add((section.Type, offset, 0));
                break;
            case SectionType.TaskIpc:
                TaskIpcRecord ipc = TaskIpcSection.Read(payload, payloadOffset);
                _model.TaskIpc.Add((ipc, offset));
                _model.Order.Add((section.Type, offset, ipc.TaskId));
                break;
            case SectionType.Files:
                TaskFilesRecord files = FilesSection.Read(payload, payloadOffset);
                _model.Files.Add((files, offset));
                _model.Order.Add((section.Type, offset, files.TaskId));
                break;
            case SectionType.Repair:
                RepairSection.Read(payload, payloadOffset);
                _model.Repairs.Add(offset);
                break;
            case SectionType.Index:
                if (_model.IndexOffset == offset)
                    _model.Index = IndexSection.Parse(payload, payloadOffset, _headerLength, offset);
                break;
        }
        return walked;
    }

    private void MarkUnparsed(SectionHeader section)
    {
        if (section.Type != SectionType.Index)
            _unparsed.Add(_walked.Count);
    }

    private void NoteIndex(long offset)
    {
        if (_model.IndexOffset >= 0)
        {
            Problem("INDEX", offset, $"a second INDEX section (the first is at 0x{_model.IndexOffset:x})");
            return;
        }
        _model.IndexOffset = offset;
        _model.SectionsAfterIndex = 0;
    }

    /// <summary>Sections this library does not know are not parsed, but their CRC is still checked, a block at a time.</summary>
    private void CheckCrcStreaming(SectionHeader section, long offset)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            uint state = Crc32C.Initial;
            long position = offset + SectionLayout.HeaderLength;
            long remaining = section.PayloadLength;
            while (remaining > 0)
            {
                int piece = (int)Math.Min(buffer.Length, remaining);
                _file.Read(position, buffer.AsSpan(0, piece), section.Name);
                state = Crc32C.Update(state, buffer.AsSpan(0, piece));
                position += piece;
                remaining -= piece;
            }
            uint crc = Crc32C.Finish(state);
            if (crc != section.PayloadCrc)
                Problem(section.Name, offset, $"payload CRC32C mismatch (stored 0x{section.PayloadCrc:x8}, computed 0x{crc:x8})");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Padding is zero, so that every byte of an image is covered by some check.</summary>
    private void CheckPadding(SectionHeader section, long offset, long walkEnd)
    {
        int length = SectionLayout.PaddingAfter(section.PayloadLength);
        if (length == 0)
            return;
        Span<byte> padding = stackalloc byte[SectionLayout.Alignment];
        long at = offset + SectionLayout.HeaderLength + section.PayloadLength;
        if (at + length > walkEnd)
        {
            Problem(section.Name, at, $"the file ends inside the padding after the payload ({walkEnd - at} of {length} bytes)");
            return;
        }
        _file.Read(at, padding[..length], section.Name);
        if (padding[..length].IndexOfAnyExcept((byte)0) >= 0)
            Problem(section.Name, at, "padding after the payload is not zero");
    }

    /// <summary>The next 8-aligned offset at or after <paramref name="from"/> holding a sync marker, or <paramref name="end"/>.</summary>
    private long Resync(long from, long end)
    {
        long next = SyncMarkerScan.Next(_file, from, end);
        if (next < end)
            Problem("section", from, $"skipped to the next sync marker at 0x{next:x}");
        return next;
    }
}
