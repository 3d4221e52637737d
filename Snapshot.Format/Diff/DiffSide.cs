using Snapshot.Format.Kernels;
using Snapshot.Format.Layout;

namespace Snapshot.Format.Diff;

/// <summary>
/// One of the two images being compared: its reader, the profile of its build (null when unknown) and its
/// chunks (MEMCHUNK and CHUNKREF index entries) grouped by area. Every read goes through <see cref="Guard{T}"/>,
/// so a malformed image is reported by path. Reads are safe from several workers at once.
/// </summary>
internal sealed class DiffSide
{
    private readonly Dictionary<(ulong TaskId, uint AreaId), List<IndexEntry>> _chunksByArea = [];

    public DiffSide(string label, ImageReader reader, KernelBuildProfile? profile)
    {
        Label = label;
        Reader = reader;
        Profile = profile;
        foreach (IndexEntry entry in reader.Index)
        {
            if (!SectionNames.IsChunk(entry.Type))
                continue;
            ChunkCount++;
            if (!_chunksByArea.TryGetValue((entry.TaskId, entry.AreaId), out List<IndexEntry>? list))
                _chunksByArea[(entry.TaskId, entry.AreaId)] = list = [];
            list.Add(entry);
        }
        foreach (List<IndexEntry> list in _chunksByArea.Values)
        {
            list.Sort((x, y) => x.ChunkIndex.CompareTo(y.ChunkIndex));
            for (int i = 1; i < list.Count; i++)
            {
                if (list[i].ChunkIndex == list[i - 1].ChunkIndex)
                    throw new ImageDiffException(reader.Path, new SnapshotFormatException(list[i].SectionName, list[i].Offset,
                        $"chunk {list[i].ChunkIndex} of area {list[i].AreaId} of task {list[i].TaskId} is listed twice in the index"));
            }
        }
    }

    /// <summary>"A" or "B", for reasons given to people.</summary>
    public string Label { get; }

    public ImageReader Reader { get; }

    public KernelBuildProfile? Profile { get; }

    public string Path => Reader.Path;

    public uint PageSize => Reader.Header.Build.PageSize;

    public int PagesPerChunk => Reader.PagesPerChunk;

    /// <summary>Every chunk in the image's index: memory chunks and chunk references.</summary>
    public long ChunkCount { get; }

    /// <summary>The chunks of one area, ascending by chunk index (empty when it stores no page).</summary>
    public IReadOnlyList<IndexEntry> Chunks(ulong taskId, uint areaId) =>
        _chunksByArea.TryGetValue((taskId, areaId), out List<IndexEntry>? list) ? list : [];

    public T Guard<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (SnapshotFormatException ex)
        {
            throw new ImageDiffException(Path, ex);
        }
    }

    /// <summary>Decodes a thread with this image's profile, or says why it cannot.</summary>
    public CanonicalThread? TryDecode(ThreadRecord record, out string? reason) =>
        TryDecode(() => CanonicalCodec.DecodeThread(record, Profile!), out reason);

    /// <summary>Decodes a task's kernel structure with this image's profile, or says why it cannot.</summary>
    public CanonicalTask? TryDecode(TaskRecord record, out string? reason) =>
        TryDecode(() => CanonicalCodec.DecodeTask(record, Profile!), out reason);

    /// <summary>Reads and decodes a chunk; a reference comes back as its target's pages.</summary>
    public MemoryChunk ReadChunk(IndexEntry entry) => Guard(() => Reader.ReadChunk(entry));

    /// <summary>False for a version 1 MEMCHUNK, which has no page hashes; a reference may point at a version 2 chunk.</summary>
    public static bool MayHavePageHashes(IndexEntry entry) =>
        entry.Type == SectionType.ChunkReference || entry.Version >= ChunkLayout.Version2;

    /// <summary>
    /// The SHA-256 of each present page of a version 2 chunk (or of a reference's version 2 target), read without the
    /// stored bytes and checked against the content hash; null when the chunk is version 1.
    /// </summary>
    public IReadOnlyList<Hash256>? ReadPageHashes(IndexEntry entry) => Guard(() => Reader.ReadPageHashes(entry));

    private T? TryDecode<T>(Func<T> decode, out string? reason) where T : class
    {
        if (Profile is null)
        {
            reason = $"{Label}'s build {Reader.Header.Build.Display} is unknown";
            return null;
        }
        try
        {
            reason = null;
            return decode();
        }
        catch (SnapshotFormatException ex)
        {
            // A structure this build's profile cannot decode is shown raw, as snapinfo shows it as hex.
            reason = $"{Label}: {ex.Reason}";
            return null;
        }
    }
}
