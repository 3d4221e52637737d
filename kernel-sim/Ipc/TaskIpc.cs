using KernelSim.Kernel;

namespace KernelSim.Ipc;

/// <summary>
/// A task's IPC state: its answerbox, its phones (by sender-side id), the calls it sent whose
/// answers it has not fetched yet, and the counters that make every id deterministic.
/// </summary>
public sealed class TaskIpc
{
    private readonly SortedDictionary<ulong, Phone> _phones = new();
    private readonly SortedDictionary<ulong, IpcCall> _outgoing = new();

    internal TaskIpc(KernelTask task) => Answerbox = new Answerbox(task, privateTo: null);

    public Answerbox Answerbox { get; }

    /// <summary>The next sender-side phone id (the first is 1).</summary>
    public ulong NextPhoneId { get; internal set; } = 1;

    /// <summary>The next sender-side call id (the first is 1).</summary>
    public ulong NextCallId { get; internal set; } = 1;

    /// <summary>Phones in id order, connected and hung up.</summary>
    public IEnumerable<Phone> Phones => _phones.Values;

    public int PhoneCount => _phones.Count;

    /// <summary>Sent calls whose answers have not been fetched, by sender-side id.</summary>
    public IEnumerable<IpcCall> Outgoing => _outgoing.Values;

    public int OutgoingCount => _outgoing.Count;

    /// <summary>
    /// True when the task has never used IPC: nothing a checkpoint would have to carry. Phone 0 (the
    /// naming service's, given at birth) may exist as long as it is connected: every task has it, so a
    /// restore gives it back without the image saying so.
    /// </summary>
    public bool IsPristine =>
        _outgoing.Count == 0 && NextPhoneId == 1 && NextCallId == 1 &&
        Answerbox.NextReceiverCallId == 1 && !Answerbox.HasEvent && !Answerbox.Dispatched.Any() &&
        _phones.Values.All(phone => phone.Id == 0 && phone.State == PhoneState.Connected);

    /// <summary>True when the phone is the idle phone 0 every task is born with (not IPC state worth reporting).</summary>
    public static bool IsBirthPhone(Phone phone) => phone.Id == 0 && phone.State == PhoneState.Connected;

    public Phone? FindPhone(ulong id) => _phones.GetValueOrDefault(id);

    public IpcCall? FindOutgoing(ulong senderCallId) => _outgoing.GetValueOrDefault(senderCallId);

    internal int AsyncOutgoingCount => _outgoing.Values.Count(call => call.SyncThread is null);

    internal Phone AddPhone(Answerbox callee)
    {
        var phone = new Phone(Answerbox.Owner, NextPhoneId++, callee);
        _phones.Add(phone.Id, phone);
        return phone;
    }

    /// <summary>Adds a phone with a given id without moving <see cref="NextPhoneId"/> (phone 0 at birth, phones rebuilt at restore).</summary>
    internal Phone AddPhoneWithId(ulong id, Answerbox callee)
    {
        var phone = new Phone(Answerbox.Owner, id, callee);
        _phones.Add(id, phone);
        return phone;
    }

    internal ulong TakeCallId() => NextCallId++;

    internal void AddOutgoing(IpcCall call) => _outgoing.Add(call.SenderCallId, call);

    internal void RemoveOutgoing(IpcCall call) => _outgoing.Remove(call.SenderCallId);
}
