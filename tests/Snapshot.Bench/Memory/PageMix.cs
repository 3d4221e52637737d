namespace Snapshot.Bench.Memory;

/// <summary>How many pages of each kind a generated memory holds.</summary>
public sealed record PageMix(long ZeroPages, long RepetitivePages, long RandomPages)
{
    public long TotalPages => ZeroPages + RepetitivePages + RandomPages;
}
