using Snapshot.Format.Chains;

namespace Snapshot.Format.Validation;

/// <summary>
/// Incremental images (format 1.3): every link of the chain PARENTS names, and every reference into an ancestor. The
/// chain is resolved exactly as readers resolve it (<see cref="ImageChain.Open"/>), so a problem here is the error a
/// restore would give; each is one line naming the ancestor's file and both ids.
/// </summary>
internal sealed partial class ValidationRun
{
    partial void CheckChain()
    {
        if (_model.Parents.Count == 0)
            return;
        long parentsOffset = _model.Parents[0].Offset;
        ImageChain chain;
        try
        {
            chain = ImageChain.Open(_file.Path);
        }
        catch (ChainException e)
        {
            Problem("PARENTS", parentsOffset, e.Message);
            return;
        }
        catch (SnapshotFormatException)
        {
            // The image itself does not open as a reader would; the walk has said why.
            return;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Problem("PARENTS", parentsOffset, $"the chain cannot be opened: {e.Message}");
            return;
        }

        using (chain)
            CheckAncestorReferences(chain);
    }

    /// <summary>A reference with ordinal k targets a MEMCHUNK of ancestor k with as many pages and the same content hash.</summary>
    private void CheckAncestorReferences(ImageChain chain)
    {
        var byOffset = new Dictionary<long, IndexEntry>?[chain.Ancestors.Count];
        foreach ((ChunkReference reference, long offset) in _model.AncestorReferences)
        {
            int k = (int)reference.ImageOrdinal;
            if (k > chain.Ancestors.Count)
                continue; // An ordinal PARENTS does not list: CheckReferences has reported it.
            Dictionary<long, IndexEntry> entries = byOffset[k - 1] ??= chain.Ancestors[k - 1].Index.ToDictionary(e => e.Offset);
            string what = $"reference for chunk {reference.ChunkIndex} of area {reference.AreaId} of task {reference.TaskId}";
            string where = $"ancestor {k} ({chain.AncestorPaths[k - 1]})";
            long target = reference.TargetOffset;
            if (!entries.TryGetValue(target, out IndexEntry? entry))
                Problem("CHUNKREF", offset, $"{what}: no section of {where} starts at its target 0x{target:x}");
            else if (entry.Type != SectionType.MemoryChunk)
                Problem("CHUNKREF", offset, $"{what}: its target 0x{target:x} in {where} is a {entry.SectionName} section, not a MEMCHUNK");
            else if (entry.PresentPages != reference.PresentPages)
                Problem("CHUNKREF", offset, $"{what}: {reference.PresentPages} pages present, its target MEMCHUNK at 0x{target:x} in {where} holds {entry.PresentPages}");
            else if (entry.ContentHash != reference.ContentHash)
                Problem("CHUNKREF", offset, $"{what}: content hash {reference.ContentHash.Short} differs from its target's {entry.ContentHash.Short} (MEMCHUNK at 0x{target:x} in {where})");
        }
    }
}
