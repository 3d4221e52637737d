namespace Snapshot.Format.Repair;

/// <summary>A stretch of the input the scan classified: a framed section or unreadable bytes.</summary>
internal abstract class ScanItem(long offset, long length)
{
    public long Offset { get; } = offset;

    public long Length { get; set; } = length;

    public long End => Offset + Length;
}
