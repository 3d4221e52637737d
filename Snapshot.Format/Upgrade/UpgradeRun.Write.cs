using System.Buffers;
using Snapshot.Format.Layout;
using Snapshot.Format.Reading;
using Snapshot.Format.Sections;

namespace Snapshot.Format.Upgrade;

internal sealed partial class UpgradeRun
{
    /// <summary>
    /// Writes the output atomically: a copy of the input for a no-op, otherwise a fresh image in writer order with
    /// the converted blobs, the build-independent sections as they were, and every memory chunk copied as stored
    /// (checked first: CRC, and the fixed part against the index) without decompressing or recompressing.
    /// </summary>
    public void Write(string output, IProgress<double>? progress)
    {
        if (!Plan.CanConvert)
            throw new UpgradeRefusedException(Plan);
        if (Plan.IsNoOp)
        {
            AtomicFile.Write(output, stream =>
            {
                using var input = new FileStream(_reader.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
                input.CopyTo(stream);
            });
            progress?.Report(1.0);
            return;
        }

        FeatureSet features = OutputFeatures();
        var options = new ImageWriterOptions
        {
            PagesPerChunk = _reader.PagesPerChunk,
            Signer = _options.Signer,
            HasExternalState = _metadata.External is not null,
            // An upgraded child keeps its ancestors (memory does not depend on the build), named from where it is written.
            Parents = _metadata.Parents.Count == 0 ? null : Chains.ImageChain.Relocate(_reader.Path, _metadata.Parents, output),
        };
        try
        {
            AtomicFile.Write(output, stream => WriteImage(stream, options, features, progress));
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // The writer refuses what no writer may write; the reader let it through, so the input is at fault.
            throw new SnapshotFormatException(null, null, $"{_reader.Path} holds what no image may: {e.Message}", e);
        }
        progress?.Report(1.0);
    }

    private void WriteImage(Stream stream, ImageWriterOptions options, FeatureSet features, IProgress<double>? progress)
    {
        using ImageWriter writer = ImageWriter.Create(stream, _options.Target.Stamp, options, features, FeatureNames(features));
        if (_metadata.Repair is { } repair)
            writer.WriteRepair(repair);
        writer.WriteCheckpoint(_metadata.Checkpoint);
        if (_metadata.External is { } external)
        {
            writer.WriteCooperation(external.Cooperation);
            writer.WriteSharedAreas(external.SharedAreas);
            writer.WriteCalls(_calls);
        }

        int copied = 0;
        foreach ((TaskMetadata original, TaskRecord task, List<ThreadRecord> threads) in _tasks)
        {
            ulong taskId = task.TaskId;
            writer.WriteTask(task);
            writer.WriteAreas(taskId, original.Areas);
            foreach (ThreadRecord thread in threads)
                writer.WriteThread(thread);
            if (_metadata.External is { } state)
            {
                foreach (TaskIpcRecord ipc in state.TaskIpc.Where(r => r.TaskId == taskId))
                    writer.WriteTaskIpc(ipc);
                foreach (TaskFilesRecord files in state.Files.Where(r => r.TaskId == taskId))
                    writer.WriteTaskFiles(files);
            }
            copied = CopyMemory(writer, original, copied, progress);
        }
        writer.Complete();
    }

    private int CopyMemory(ImageWriter writer, TaskMetadata task, int copied, IProgress<double>? progress)
    {
        ulong taskId = task.Task.TaskId;
        var areas = task.Areas.Select(a => a.AreaId).ToHashSet();
        IndexEntry? stray = _reader.Index.FirstOrDefault(e => e.IsChunk && e.TaskId == taskId && !areas.Contains(e.AreaId));
        if (stray is not null)
            throw new SnapshotFormatException(stray.SectionName, stray.Offset, $"chunk {stray.ChunkIndex} belongs to area {stray.AreaId}, which task {taskId} does not have");

        foreach (AreaRecord area in task.Areas)
        {
            var entries = _reader.Index
                .Where(e => e.IsChunk && e.TaskId == taskId && e.AreaId == area.AreaId)
                .OrderBy(e => e.ChunkIndex);
            foreach (IndexEntry entry in entries)
            {
                if (entry.Type == SectionType.ChunkReference)
                {
                    CopyReference(writer, entry);
                    copied++;
                    continue;
                }
                byte[] buffer = _reader.ReadSection(entry);
                try
                {
                    // Memory does not depend on the build: the stored bytes are copied as they are, so the CRC the
                    // reader checked proves what is copied, and the fixed part (geometry, identity) is checked against
                    // the index. Decompressing and hashing every page is snapcheck's work; here it made an upgrade
                    // CPU-bound at a few percent of the speed of cp.
                    ReadOnlySpan<byte> payload = buffer.AsSpan(SectionLayout.HeaderLength, (int)entry.PayloadLength);
                    ChunkHeader chunk = ChunkHeader.Parse(payload, entry.PayloadLength, entry.Offset + SectionLayout.HeaderLength,
                        _metadata.Header.Build.PageSize, _reader.PagesPerChunk, entry.Version);
                    if (chunk.TaskId != entry.TaskId || chunk.AreaId != entry.AreaId || chunk.ChunkIndex != entry.ChunkIndex
                        || chunk.PresentBitmap != entry.PresentBitmap || chunk.ContentHash != entry.ContentHash)
                        throw new SnapshotFormatException("MEMCHUNK", entry.Offset, "the chunk's identity, bitmap or hash differs from its index entry");
                    writer.WriteStoredChunk(taskId, area.AreaId, entry.ChunkIndex, entry.PresentBitmap, entry.ContentHash, payload, entry.Version);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
                copied++;
                if (Plan.Chunks > 0)
                    progress?.Report((double)copied / Plan.Chunks);
            }
        }
        return copied;
    }

    /// <summary>
    /// Copies a CHUNKREF: memory does not depend on the build, so a reference into an ancestor is kept verbatim, and
    /// one into this image points at the copy of its target (written earlier in the output, found by content hash).
    /// The reference is resolved in the input first, so a broken one is refused rather than carried over.
    /// </summary>
    private void CopyReference(ImageWriter writer, IndexEntry entry)
    {
        ChunkReference reference = _reader.ReadResolvedReference(entry);
        if (!writer.TryWriteStoredReference(reference))
            throw new SnapshotFormatException("CHUNKREF", entry.Offset,
                $"the reference's target MEMCHUNK at 0x{reference.TargetOffset:x} was not copied before it (chunks out of file order)");
    }

    private static List<FeatureName> FeatureNames(FeatureSet features)
    {
        var names = new List<FeatureName>();
        foreach (FeatureKind kind in new[] { FeatureKind.Incompatible, FeatureKind.Compatible, FeatureKind.Autoclear })
        {
            ulong mask = features.Get(kind);
            for (int bit = 0; bit < 64; bit++)
            {
                if ((mask & (1UL << bit)) != 0 && Features.Name(kind, bit) is { } name)
                    names.Add(new FeatureName(kind, (byte)bit, name));
            }
        }
        return names;
    }
}
