using KernelSim.Services;
using Snapshot.Format;

namespace KernelSim.Restore;

/// <summary>
/// One phone of a restored task to a service, as the restore plans it: the service (null when missing), the
/// exported state to import, and, when it cannot be reconnected, why (the phone is then hung up and the calls
/// over it are answered with EHANGUP).
/// </summary>
internal sealed class ServiceLink(ulong imageTaskId, ulong phoneId, ulong serviceId, ICooperativeService? service, ConnectionRecord? state)
{
    public ulong ImageTaskId => imageTaskId;

    public ulong PhoneId => phoneId;

    public ulong ServiceId => serviceId;

    public ICooperativeService? Service => service;

    public ConnectionRecord? State => state;

    public ConnectionFailure? Failure { get; set; }

    public string? Reason { get; set; }

    public bool IsConnected => Failure is null;

    public string ServiceName => service?.Name ?? ServiceIds.NameOf(serviceId) ?? $"service {serviceId}";

    public override string ToString() => $"task {imageTaskId} phone {phoneId} to service {ServiceName} (id {serviceId})";
}
