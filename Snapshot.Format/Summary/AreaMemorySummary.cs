namespace Snapshot.Format.Summary;

/// <summary>
/// The memory sections of one area, totalled: what a SUMMARY section records per area (format 1.3), and what a
/// reader without one computes from the index.
/// </summary>
/// <param name="TaskId">The task.</param>
/// <param name="AreaId">The area of that task.</param>
/// <param name="Chunks">MEMCHUNK sections (chunks whose bytes are stored here).</param>
/// <param name="References">CHUNKREF sections (chunks stored once elsewhere).</param>
/// <param name="FirstChunk">The lowest chunk index of the area's memory sections.</param>
/// <param name="LastChunk">The highest chunk index.</param>
/// <param name="PagesPresent">Pages present over all of them (references included).</param>
/// <param name="StoredBytes">Stored (compressed or raw) page bytes of the MEMCHUNK sections; a reference stores none.</param>
/// <param name="UncompressedBytes">Pages present times the page size.</param>
/// <param name="FirstOffset">Offset of the area's first memory section header.</param>
/// <param name="PayloadBytes">Payload bytes of all the area's memory sections (what a section table shows as their length).</param>
public sealed record AreaMemorySummary(ulong TaskId, uint AreaId, int Chunks, int References, uint FirstChunk, uint LastChunk,
    long PagesPresent, long StoredBytes, long UncompressedBytes, long FirstOffset, long PayloadBytes);
