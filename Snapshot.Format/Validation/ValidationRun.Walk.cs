using System.Buffers;
using System.Buffers.Binary;
using Snapshot.Format.Binary;
using Snapshot.Format.Layout;
using Snapshot.Format.Pipelines;
using Snapshot.Format.Reading;
using Snapshot.Format.Sections;

namespace Snapshot.Format.Validation;

internal sealed partial class ValidationRun
{
    /// <summary>Bytes the chunks in flight may hold together; the window of the chunk pipeline is sized to stay within it.</summary>
    private const long ChunkWindowBudget = 64L * 1024 * 1024;

    /// <summary>Block size for CRCs computed a piece at a time (sections not read whole).</summary>
    private const int StreamingBlockLength = 1024 * 1024;

    /// <summary>
    /// One step of the framing walk: a section whose frame parsed (<see cref="Problem"/> null), or a problem found
    /// between sections (a damaged frame, a skip to the next sync marker). Problems travel through the pipeline
    /// with the sections, so the report lists them in file order whatever the number of workers.
    /// </summary>
    private readonly record struct WalkStep(long Offset, SectionHeader Section, ValidationProblem? Problem);

    /// <summary>
    /// Follows the section framing from the end of the header to the footer. A damaged frame is reported and
    /// the walk resumes at the next sync marker, like a PNG decoder re-syncing after a bad chunk. Chunk sections
    /// are read, CRC-checked, decompressed and hashed by workers (<see cref="ChunkInspector"/>) through a bounded
    /// window; everything else, and every change to the run's state, happens here, in file order.
    /// </summary>
    private void Walk(long walkEnd)
    {
        var inspector = new ChunkInspector(_file, _header.Build.PageSize, _pagesPerChunk, _options.Level);
        int threads = _options.Threads == 0 ? OrderedParallel.AllCores : _options.Threads;
        int window = (int)Math.Clamp(ChunkWindowBudget / inspector.BytesInFlight, 1, 2L * threads);
        IEnumerable<(WalkStep Step, ChunkFinding? Finding)> results = OrderedParallel.Map(
            Frames(walkEnd),
            step => (step, IsChunkWork(step) ? inspector.Inspect(step.Section, step.Offset) : null),
            threads, window);
        foreach ((WalkStep step, ChunkFinding? finding) in results)
        {
            if (step.Problem is { } problem)
            {
                _problems.Add(problem);
                continue;
            }
            ReportProgress(step.Offset);
            _sectionsChecked++;
            if (finding is not null)
                RecordChunk(step.Section, step.Offset, finding);
            else
                CheckSection(step.Section, step.Offset);
            CheckPadding(step.Section, step.Offset, walkEnd);
        }
        ReportProgress(walkEnd);
    }

    /// <summary>The sections a worker inspects: MEMCHUNKs, the bulk of an image; the rest is small and stays in order here.</summary>
    private static bool IsChunkWork(WalkStep step) =>
        step.Problem is null && step.Section.Type == SectionType.MemoryChunk && SectionNames.IsKnown(step.Section.Type, step.Section.Version);

    /// <summary>The framing alone, read ahead of the workers: one 32-byte section header per section.</summary>
    private IEnumerable<WalkStep> Frames(long walkEnd)
    {
        long position = _headerLength;
        byte[] frame = new byte[SectionLayout.HeaderLength];
        while (position < walkEnd)
        {
            if (walkEnd - position < SectionLayout.HeaderLength)
            {
                yield return Between("section", position, $"{walkEnd - position} bytes before the footer are too few for a section");
                yield break;
            }
            SectionHeader section;
            ValidationProblem? damage;
            try
            {
                _file.Read(position, frame, "section");
                section = SectionHeader.Parse(frame, position);
                damage = section.PayloadLength > walkEnd - position - SectionLayout.HeaderLength
                    ? new ValidationProblem(section.Name, position, $"payload length {section.PayloadLength} runs past the end of the sections (0x{walkEnd:x})")
                    : null;
            }
            catch (SnapshotFormatException e)
            {
                section = default;
                damage = new ValidationProblem(e.Section ?? "section", e.Offset ?? position, e.Reason);
            }
            if (damage is not null)
            {
                yield return new WalkStep(position, default, damage);
                long next = SyncMarkerScan.Next(_file, position + SectionLayout.Alignment, walkEnd);
                if (next < walkEnd)
                    yield return Between("section", position + SectionLayout.Alignment, $"skipped to the next sync marker at 0x{next:x}");
                position = next;
                continue;
            }
            yield return new WalkStep(position, section, null);
            position += section.TotalLength;
        }
    }

    private static WalkStep Between(string section, long offset, string message) => new(offset, default, new ValidationProblem(section, offset, message));

    /// <summary>Takes in what a worker found in a chunk section, in file order.</summary>
    private void RecordChunk(SectionHeader section, long offset, ChunkFinding finding)
    {
        NoteSectionAfterIndex();
        _problems.AddRange(finding.Problems);
        if (finding.Parsed)
        {
            _model.Chunks.Add((finding.Walked, offset));
            _model.Order.Add((section.Type, offset, finding.Walked.TaskId));
        }
        else
        {
            MarkUnparsed(section);
        }
        if (finding.Checked)
        {
            _chunksChecked++;
            _pageBytesChecked += finding.PageBytes;
        }
        _walked.Add(finding.Walked);
    }

    private void NoteSectionAfterIndex()
    {
        if (_model.IndexOffset >= 0)
            _model.SectionsAfterIndex++;
    }

    private void CheckSection(SectionHeader section, long offset)
    {
        IndexEntry walked = IndexEntry.Of(section, offset);
        NoteSectionAfterIndex();

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
        // At the quick level metadata is only CRC-checked; an INDEX (to compare with the walk) and a CHUNKREF (72 bytes
        // whose identity its index entry repeats) are still read whole.
        if (_options.Level == ValidationLevel.Quick && section.Type is not (SectionType.Index or SectionType.ChunkReference))
        {
            _walked.Add(CheckQuickly(section, offset, walked));
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

    /// <summary>
    /// The quick level's look at a metadata section: its CRC, computed a block at a time, and the task id its index
    /// entry repeats. The payload is not parsed (and its cross references are not checked).
    /// </summary>
    private IndexEntry CheckQuickly(SectionHeader section, long offset, IndexEntry walked)
    {
        if (!CheckCrcStreaming(section, offset))
        {
            MarkUnparsed(section);
            return walked;
        }
        if (!SectionNames.IsPerTask(section.Type))
            return walked;
        if (section.PayloadLength < sizeof(ulong))
        {
            Problem(section.Name, offset, $"payload of {section.PayloadLength} bytes is too short for a task id");
            MarkUnparsed(section);
            return walked;
        }
        Span<byte> taskId = stackalloc byte[sizeof(ulong)];
        _file.Read(offset + SectionLayout.HeaderLength, taskId, section.Name);
        return walked with { TaskId = BinaryPrimitives.ReadUInt64LittleEndian(taskId) };
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
            case SectionType.ChunkReference:
                ChunkReference reference = ChunkReferenceSection.Parse(payload, payloadOffset, _pagesPerChunk);
                walked = walked.With(reference);
                _model.Chunks.Add((walked, offset));
                _model.References.Add((reference, offset));
                _model.Order.Add((section.Type, offset, reference.TaskId));
                break;
            case SectionType.Parents:
                _model.Parents.Add((ParentsSection.Read(payload, payloadOffset), offset));
                _model.Order.Add((section.Type, offset, 0));
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

    /// <summary>
    /// Checks a payload's CRC a block at a time, for sections this library does not know (not parsed) and for every
    /// metadata section at the quick level; true when it matches.
    /// </summary>
    private bool CheckCrcStreaming(SectionHeader section, long offset)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(StreamingBlockLength, Math.Max(1, section.PayloadLength)));
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
            if (crc == section.PayloadCrc)
                return true;
            Problem(section.Name, offset, $"payload CRC32C mismatch (stored 0x{section.PayloadCrc:x8}, computed 0x{crc:x8})");
            return false;
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
}
