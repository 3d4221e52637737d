namespace Snapshot.Format.Repair;

/// <summary>Consecutive pages of one area whose content a repair lost.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="AreaId">The area of the task.</param>
/// <param name="FirstPage">Page number within the area of the first lost page.</param>
/// <param name="PageCount">Number of consecutive lost pages (at least 1).</param>
/// <param name="Disposition">Whether the pages were dropped or zero-filled.</param>
/// <param name="Evidence">How the repair knows these pages were lost.</param>
public sealed record LostPageRange(ulong TaskId, uint AreaId, ulong FirstPage, ulong PageCount, PageDisposition Disposition, LossEvidence Evidence)
{
    /// <summary>Page number of the last lost page.</summary>
    public ulong LastPage => FirstPage + PageCount - 1;
}
