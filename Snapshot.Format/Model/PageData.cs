namespace Snapshot.Format;

/// <summary>One page of an area: <see cref="PageIndex"/> is the page number within the area.</summary>
public readonly record struct PageData(ulong PageIndex, ReadOnlyMemory<byte> Bytes);
