using System.Buffers;
using Snapshot.Format.Binary;
using Snapshot.Format.Layout;

namespace Snapshot.Format.Repair;

internal sealed partial class RepairRun
{
    /// <summary>
    /// Writes the kept sections as a fresh image in writer order (format §7), atomically: REPAIR first when
    /// something was lost, the checkpoint set of the kept tasks, each task's TASK, AREAS, THREADs by id and chunks
    /// per area by chunk index (copied byte for byte), then carried-over sections of unknown non-critical types,
    /// and a new index and footer.
    /// </summary>
    private void Write(string path, RepairRecord? record)
    {
        (FeatureSet features, List<FeatureName> names) = OutputFeatures(record is not null);
        var options = new ImageWriterOptions { PagesPerChunk = _pagesPerChunk, HasExternalState = _external is not null };
        AtomicFile.Write(path, stream =>
        {
            using ImageWriter writer = ImageWriter.Create(stream, _build!, options, features, names);
            if (record is not null)
                writer.WriteRepair(record);
            writer.WriteCheckpoint(new CheckpointRecord([.. _kept.Select(p => p.TaskId)], _killedAfter));
            if (_external is { } external)
            {
                writer.WriteCooperation(external.Cooperation);
                writer.WriteSharedAreas(external.SharedAreas);
                writer.WriteCalls(external.Calls);
            }
            foreach (TaskPlan plan in _kept)
            {
                writer.WriteTask(plan.Task!.Task!);
                if (plan.Areas is not null)
                    writer.WriteAreas(plan.TaskId, plan.AreaList);
                foreach (FoundSection thread in plan.Threads.OrderBy(t => t.Thread!.ThreadId))
                    writer.WriteThread(thread.Thread!);
                if (_external is not null)
                {
                    writer.WriteTaskIpc(plan.Ipc!.TaskIpc!);
                    if (plan.Files?.Files is { } files)
                        writer.WriteTaskFiles(files);
                }
                ILookup<uint, FoundSection> chunksByArea = plan.Chunks.ToLookup(c => c.Chunk!.Value.AreaId);
                foreach (AreaRecord area in plan.AreaList)
                {
                    uint areaId = area.AreaId;
                    foreach (FoundSection chunk in chunksByArea[areaId].OrderBy(c => c.Chunk!.Value.ChunkIndex))
                    {
                        // CheckReferences kept only references whose target is kept, and chunks keep their file order.
                        if (chunk.Reference is { } reference)
                        {
                            if (!writer.TryWriteStoredReference(reference))
                                throw new InvalidOperationException($"the target of the CHUNKREF at 0x{chunk.Offset:x} was not written before it");
                            continue;
                        }
                        CopyPayload(chunk, payload => writer.WriteStoredChunk(plan.TaskId, areaId, chunk.Chunk!.Value.ChunkIndex,
                            chunk.Chunk.Value.PresentBitmap, chunk.Chunk.Value.ContentHash, payload, chunk.Header.Version));
                    }
                }
            }
            // When the output keeps the "summary" bit the writer writes a fresh SUMMARY, so the old one is not carried (§5.17).
            bool freshSummary = (features.Autoclear & Features.AutoclearSummary) != 0;
            foreach (FoundSection unknown in _items.OfType<FoundSection>().Where(s => s.IsUnknown && s.IsValid && s.Fate == SectionFate.Kept
                                                                                       && !(freshSummary && s.Type == SectionType.Summary)))
                CopyPayload(unknown, payload => writer.WriteOpaqueSection(unknown.Type, unknown.Header.Version, unknown.Header.Flags, payload));
            writer.Complete();
        });
    }

    /// <summary>
    /// Without losses and with an intact header, the input's feature bits and name table exactly: the output is
    /// the original image again, so even autoclear bits (such as a signature's) still describe it. Otherwise zstd,
    /// "repaired" when something was lost, and the intact header's compatible bits with their names; autoclear bits
    /// are cleared, as a tool that rewrites an image must for data it may have changed.
    /// </summary>
    private (FeatureSet Features, List<FeatureName> Names) OutputFeatures(bool repaired)
    {
        if (!repaired && _header is not null)
            return (_header.Features, [.. _header.FeatureNames]);
        // Version 2 chunks and references are copied as stored: they need format 1.3's bit.
        bool chunks13 = _kept.SelectMany(plan => plan.Chunks).Any(chunk => chunk.Reference is not null || chunk.Header.Version >= 2);
        // A kept area stored by reference to the program has no pages to store instead: the bit stays with it.
        bool programReferences = _kept.Any(plan => plan.Areas is not null && plan.AreaList.Any(area => area.Backing == AreaBacking.ProgramReference));
        ulong incompatible = Features.IncompatZstd | (repaired ? Features.IncompatRepaired : 0)
                             | (_external is not null ? Features.IncompatExternalState : 0)
                             | (chunks13 ? Features.IncompatChunkReferences : 0)
                             | (programReferences ? Features.IncompatProgramReference : 0);
        var names = new List<FeatureName> { new(FeatureKind.Incompatible, 0, Features.Name(FeatureKind.Incompatible, 0)!) };
        if (repaired)
            names.Add(new FeatureName(FeatureKind.Incompatible, 1, Features.Name(FeatureKind.Incompatible, 1)!));
        if (_external is not null)
            names.Add(new FeatureName(FeatureKind.Incompatible, 2, Features.Name(FeatureKind.Incompatible, 2)!));
        if (chunks13)
            names.Add(new FeatureName(FeatureKind.Incompatible, 3, Features.Name(FeatureKind.Incompatible, 3)!));
        if (programReferences)
            names.Add(new FeatureName(FeatureKind.Incompatible, 5, Features.Name(FeatureKind.Incompatible, 5)!));
        ulong compatible = _header?.Features.Compatible ?? 0;
        if (_header is not null)
            names.AddRange(_header.FeatureNames.Where(n => n.Kind == FeatureKind.Compatible && (compatible & (1UL << n.Bit)) != 0));
        return (new FeatureSet(incompatible, compatible, 0), names);
    }

    /// <summary>Re-reads a kept section's payload and checks it again: the input must not change under the repair.</summary>
    private void CopyPayload(FoundSection section, Action<ReadOnlySpan<byte>> write)
    {
        int length = (int)section.Header.PayloadLength;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            Span<byte> payload = buffer.AsSpan(0, length);
            _file.Read(section.Offset + SectionLayout.HeaderLength, payload, section.Name);
            uint crc = Crc32C.Compute(payload);
            if (crc != section.Header.PayloadCrc)
                FormatThrow.Invalid(section.Name, section.Offset, "the input changed while it was being repaired (payload CRC32C no longer matches)");
            write(payload);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
