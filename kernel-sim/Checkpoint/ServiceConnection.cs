using KernelSim.Services;

namespace KernelSim.Checkpoint;

/// <summary>A connection of a set member to a cooperative service: the member's phone to the service's answerbox.</summary>
internal sealed record ServiceConnection(ulong ServiceId, ulong ClientTaskId, ulong PhoneId, ICooperativeService? Service)
    : IComparable<ServiceConnection>
{
    public string ServiceName => Service?.Name ?? ServiceIds.NameOf(ServiceId) ?? $"service {ServiceId}";

    public int CompareTo(ServiceConnection? other) =>
        other is null ? 1 : (ServiceId, ClientTaskId, PhoneId).CompareTo((other.ServiceId, other.ClientTaskId, other.PhoneId));

    public override string ToString() => $"service {ServiceName} (id {ServiceId}), connection of task {ClientTaskId} phone {PhoneId}";
}
