using KernelSim.Kernel;
using KernelSim.Memory;
using Snapshot.Format;
using Snapshot.Format.Chains;

namespace KernelSim.Checkpoint;

/// <summary>
/// The parent of an incremental checkpoint: its chain (opened and verified), the PARENTS list the child names, and
/// per area which chunks are unchanged since it (no page written since the kernel wrote or restored it). An unchanged
/// chunk becomes a CHUNKREF to the image that stores its bytes; every other chunk is stored.
/// </summary>
internal sealed class IncrementalParent : IDisposable
{
    private readonly ImageChain _chain;
    private readonly DirtyBaseline _baseline;

    private IncrementalParent(ImageChain chain, DirtyBaseline baseline, IReadOnlyList<ParentImage> parents)
    {
        _chain = chain;
        _baseline = baseline;
        Parents = parents;
    }

    /// <summary>The child's PARENTS list: the parent, then its ancestors.</summary>
    public IReadOnlyList<ParentImage> Parents { get; }

    /// <summary>Opens the request's parent for the image about to be written to its path with <paramref name="options"/>.</summary>
    /// <exception cref="CheckpointRefusedException">
    /// The parent cannot be read or resolved, is not the image the kernel's dirty pages are counted from, has another
    /// chunk geometry, or its chain is already as deep as a chain may be.
    /// </exception>
    public static IncrementalParent Open(Microkernel kernel, CheckpointRequest request, ImageWriterOptions options)
    {
        var parentPath = request.Parent!;
        var rootTaskId = request.RootTaskIds.FirstOrDefault();
        if (options.Compatibility < FormatVersion.V1_3)
        {
            throw new CheckpointRefusedException(rootTaskId, $"an incremental image needs format 1.3; compatibility {options.Compatibility} cannot name a parent");
        }

        ImageChain chain;
        try
        {
            chain = ImageChain.Open(parentPath);
        }
        catch (Exception ex) when (ex is ChainException or SnapshotFormatException or IOException or UnauthorizedAccessException)
        {
            throw new CheckpointRefusedException(rootTaskId, $"parent image {parentPath}: {ex.Message}");
        }

        try
        {
            var id = ImageId.Compute(chain.Image);
            if (kernel.DirtyBaseline is not { } baseline || baseline.ImageId != id)
            {
                var since = kernel.DirtyBaseline is { } other ? $"image id {other.ImageId.Short}" : "no image";
                throw new CheckpointRefusedException(rootTaskId,
                    $"parent image {parentPath} (image id {id.Short}) is not the image this kernel last wrote or restored ({since}); " +
                    "written pages are tracked since that one, so only it can be the parent");
            }

            if (chain.Image.PagesPerChunk != options.PagesPerChunk)
            {
                throw new CheckpointRefusedException(rootTaskId, $"parent image {parentPath} has {chain.Image.PagesPerChunk} pages per chunk, the child {options.PagesPerChunk}");
            }

            return new IncrementalParent(chain, baseline, chain.ParentsForChild(request.Path));
        }
        catch (ArgumentException ex)
        {
            chain.Dispose();
            throw new CheckpointRefusedException(rootTaskId, ex.Message);
        }
        catch
        {
            chain.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Writes one area of <paramref name="task"/>: the chunks unchanged since the parent as references, the others stored.
    /// A task or area the parent does not hold as it is now (a new task, a new or shared area) is stored whole.
    /// </summary>
    public void WriteAreaMemory(ImageWriter writer, KernelTask task, Area area, int pagesPerChunk)
    {
        var references = References(task, area, pagesPerChunk);
        var referenced = references.Select(reference => reference.ChunkIndex).ToHashSet();
        var pages = referenced.Count == 0
            ? area.MaterialisedPages()
            : area.MaterialisedPages().Where(page => !referenced.Contains((uint)(page.PageIndex / (ulong)pagesPerChunk)));
        writer.WriteAreaMemory(task.Id, area.ToRecord(), pages, references);
    }

    public void Dispose() => _chain.Dispose();

    private List<ChunkReference> References(KernelTask task, Area area, int pagesPerChunk)
    {
        // A shared area's page table is its store's, whose baseline may be another mapping's content: stored whole.
        if (area.Dirty.IsAllDirty || area.Backing == AreaBacking.Shared || !_baseline.ImageTaskIds.TryGetValue(task.Id, out var imageTaskId))
        {
            return [];
        }

        var areaPages = area.Size / AddressSpaceLayout.PageSize;
        var references = new List<ChunkReference>();
        foreach (var origin in _chain.ChunkOrigins(imageTaskId, area.Id).Values.OrderBy(origin => origin.ChunkIndex))
        {
            var first = (ulong)origin.ChunkIndex * (ulong)pagesPerChunk;
            if (first >= areaPages || area.Dirty.Any(first, (ulong)pagesPerChunk))
            {
                continue;
            }

            references.Add(new ChunkReference(task.Id, area.Id, origin.ChunkIndex, origin.PresentBitmap, origin.ContentHash,
                origin.ImageOrdinal, origin.TargetOffset));
        }

        return references;
    }
}
