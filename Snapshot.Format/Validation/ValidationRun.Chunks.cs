using Snapshot.Format.Layout;

namespace Snapshot.Format.Validation;

internal sealed partial class ValidationRun
{
    /// <summary>
    /// The chunks of every area, stored (MEMCHUNK) or referenced (CHUNKREF, format 1.3): each names an existing area
    /// that may hold pages and lies inside it, and a chunk index appears once per area across both kinds.
    /// </summary>
    private void CheckChunks(Dictionary<ulong, Dictionary<uint, AreaRecord>> areasByTask)
    {
        CheckChunkVersions();
        var chunkIds = new HashSet<(ulong, uint, uint)>();
        foreach ((IndexEntry chunk, long offset) in _model.Chunks)
        {
            string section = chunk.SectionName;
            if (!chunkIds.Add((chunk.TaskId, chunk.AreaId, chunk.ChunkIndex)))
                Problem(section, offset, $"chunk {chunk.ChunkIndex} of area {chunk.AreaId} of task {chunk.TaskId} appears twice");
            if (!areasByTask.TryGetValue(chunk.TaskId, out Dictionary<uint, AreaRecord>? areas) || !areas.TryGetValue(chunk.AreaId, out AreaRecord? area))
            {
                Problem(section, offset, $"chunk of area {chunk.AreaId} of task {chunk.TaskId}, which has no such area");
                continue;
            }
            ulong lastPage = (ulong)chunk.ChunkIndex * (ulong)_pagesPerChunk + (ulong)(63 - ulong.LeadingZeroCount(chunk.PresentBitmap));
            if (lastPage >= area.Size / _header.Build.PageSize)
                Problem(section, offset, $"chunk {chunk.ChunkIndex} holds page {lastPage}, beyond area {area.AreaId} ({area.Size / _header.Build.PageSize} pages)");
            if (area.Backing == AreaBacking.ProgramReference)
                Problem(section, offset, $"chunk {chunk.ChunkIndex} of area {area.AreaId} of task {chunk.TaskId}: the area is stored by reference to its program (backing 3) and holds no chunks");
        }
        CheckReferences();
    }

    /// <summary>Version 2 chunks are format 1.3: an image stamped older cannot hold them (its readers would refuse them as unknown).</summary>
    private void CheckChunkVersions()
    {
        if (_header.Version >= FormatVersion.V1_3)
            return;
        IndexEntry? newer = _walked.FirstOrDefault(e => e.Type == SectionType.MemoryChunk && e.Version >= ChunkLayout.Version2);
        if (newer is not null)
            Problem(newer.SectionName, newer.Offset, $"MEMCHUNK version {newer.Version} in a format {_header.Version} image (version 2 chunks are format 1.3)");
    }

    /// <summary>
    /// Each CHUNKREF (format 1.3) needs the "chunk-references" bit. One into this image (ordinal 0) targets a MEMCHUNK
    /// earlier in the file with as many pages and the same content hash; one into an ancestor names an image PARENTS
    /// lists. Whether an ancestor's target exists is for the chain checks, which see the ancestors
    /// (<see cref="SectionModel.AncestorReferences"/>).
    /// </summary>
    private void CheckReferences()
    {
        if (_model.References.Count == 0)
            return;
        if ((_header.Features.Incompatible & Features.IncompatChunkReferences) == 0)
            Problem("CHUNKREF", _model.References[0].Offset, "a CHUNKREF section in an image without the \"chunk-references\" feature bit");
        int parents = _model.Parents.Count > 0 ? _model.Parents[0].Parents.Count : 0;
        var stored = new Dictionary<long, IndexEntry>();
        foreach ((IndexEntry chunk, long offset) in _model.Chunks)
        {
            if (chunk.Type == SectionType.MemoryChunk)
                stored[offset] = chunk;
        }
        var found = _walked.ToDictionary(e => e.Offset);
        foreach ((ChunkReference reference, long offset) in _model.References)
        {
            string what = $"reference for chunk {reference.ChunkIndex} of area {reference.AreaId} of task {reference.TaskId}";
            long target = reference.TargetOffset;
            if (reference.ImageOrdinal > 0)
            {
                if (reference.ImageOrdinal > parents)
                    Problem("CHUNKREF", offset, $"{what}: image ordinal {reference.ImageOrdinal}, but the image names {parents} parent image(s)");
            }
            else if (target >= offset)
            {
                Problem("CHUNKREF", offset, $"{what}: its target 0x{target:x} is not earlier in the file");
            }
            else if (stored.TryGetValue(target, out IndexEntry? chunk))
            {
                if (chunk.PresentPages != reference.PresentPages)
                    Problem("CHUNKREF", offset, $"{what}: {reference.PresentPages} pages present, its target MEMCHUNK at 0x{target:x} holds {chunk.PresentPages}");
                if (chunk.ContentHash != reference.ContentHash)
                    Problem("CHUNKREF", offset, $"{what}: content hash {reference.ContentHash.Short} differs from its target's {chunk.ContentHash.Short} (MEMCHUNK at 0x{target:x})");
            }
            else if (!found.TryGetValue(target, out IndexEntry? section))
            {
                Problem("CHUNKREF", offset, $"{what}: no section starts at its target 0x{target:x}");
            }
            else if (section.Type != SectionType.MemoryChunk)
            {
                Problem("CHUNKREF", offset, $"{what}: its target 0x{target:x} is a {section.SectionName} section, not a MEMCHUNK");
            }
            // Otherwise the target is a MEMCHUNK that could not be read: the walk has reported it.
        }
    }

    /// <summary>
    /// PARENTS (format 1.3) comes exactly with the "parent-image" bit, once, as the first section after the header.
    /// Whether the ancestors exist and are the images named is for the chain checks, which open them.
    /// </summary>
    private void CheckParents()
    {
        bool marked = (_header.Features.Incompatible & Features.IncompatParentImage) != 0;
        if (_model.Parents.Count > 1)
            Problem("PARENTS", _model.Parents[1].Offset, "a second PARENTS section");
        if (marked && _model.Parents.Count == 0)
            Problem("header", HeaderLayout.IncompatibleOffset, "the \"parent-image\" feature bit is set but the image has no readable PARENTS section");
        else if (!marked && _model.Parents.Count > 0)
            Problem("PARENTS", _model.Parents[0].Offset, "a PARENTS section in an image without the \"parent-image\" feature bit");
        if (_model.Parents.Count > 0 && _model.Parents[0].Offset != _headerLength)
            Problem("PARENTS", _model.Parents[0].Offset, $"the PARENTS section must be the first section after the header (at 0x{_headerLength:x})");
    }
}
