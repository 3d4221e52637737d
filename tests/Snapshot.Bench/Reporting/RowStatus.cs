namespace Snapshot.Bench.Reporting;

/// <summary>The status words of a row, as the table and the JSON spell them.</summary>
public static class RowStatus
{
    public const string Measured = "measured";
    public const string PeerMissing = "peer missing";
    public const string NotAvailable = "not available";
    public const string Failed = "failed";
}
