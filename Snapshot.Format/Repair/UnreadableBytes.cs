namespace Snapshot.Format.Repair;

/// <summary>Bytes between sections whose framing could not be read; what they held is not known.</summary>
internal sealed class UnreadableBytes(long offset, long length, string reason) : ScanItem(offset, length)
{
    public string Reason { get; } = reason;

    /// <summary>Known from an intact footer to be where the old INDEX was: not a loss, the index is rebuilt.</summary>
    public bool WasIndex { get; set; }
}
