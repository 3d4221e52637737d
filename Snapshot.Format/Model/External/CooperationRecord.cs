namespace Snapshot.Format;

/// <summary>
/// How the checkpoint set was taken (COOPERATION section, format 1.2): the policies, the cooperative services
/// with their exported connection states, and the tasks outside the set that had connections into it.
/// </summary>
public sealed record CooperationRecord(CheckpointErrorPolicy ErrorPolicy, KillPolicy Kill, ulong TimeoutTicks,
                                       IReadOnlyList<ServiceMember> Services,
                                       IReadOnlyList<ConnectionRecord> Connections,
                                       IReadOnlyList<ulong> OutsideTaskIds)
{
    /// <summary>The outside tasks' phones into members, ascending by (task, phone); empty when none.</summary>
    public IReadOnlyList<OutsidePhoneRecord> OutsidePhones { get; init; } = [];
}
