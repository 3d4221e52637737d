using KernelSim.Kernel;

namespace KernelSim.Ipc;

/// <summary>
/// The edges a checkpoint set is built along (the thesis' Algorithm 1), each as tasks in id order: whom a task
/// calls, who holds its unanswered calls, who can call it, and its connection attempts in flight.
/// </summary>
public static class IpcGraph
{
    /// <summary>Owners of the answerboxes the task's connected phones lead to (services included).</summary>
    public static IReadOnlyList<KernelTask> Callees(KernelTask task) =>
        Distinct(task.Ipc.Phones.Where(phone => phone.State == PhoneState.Connected).Select(phone => phone.Callee.Owner));

    /// <summary>Where the task's unanswered calls are now, queued or dispatched (a forwarded call is at its latest receiver).</summary>
    public static IReadOnlyList<KernelTask> ReceiversOfUnansweredCalls(KernelTask task) =>
        Distinct(task.Ipc.Outgoing.Where(call => call.Receiver is not null).Select(call => call.Receiver!.Owner));

    /// <summary>Tasks (and services) with a connected phone into the task's answerbox.</summary>
    public static IReadOnlyList<KernelTask> Callers(KernelTask task) =>
        Distinct(task.Ipc.Answerbox.ConnectedPhones.Select(phone => phone.Owner).Where(owner => !ReferenceEquals(owner, task)));

    /// <summary>Senders of the calls queued or dispatched at the task (kernel notices included).</summary>
    public static IReadOnlyList<KernelTask> SendersOfPendingCalls(KernelTask task) =>
        Distinct(task.Ipc.Answerbox.Queued.Concat(task.Ipc.Answerbox.Dispatched).Select(call => call.Sender));

    /// <summary>The task's connect-me-to calls not answered yet: connection attempts in flight (at the naming service or at a server).</summary>
    public static IReadOnlyList<IpcCall> PendingConnections(KernelTask task) =>
        task.Ipc.Outgoing.Where(call => call.State != CallState.Answered && call.Request.Method == IpcMethods.ConnectMeTo).ToArray();

    private static KernelTask[] Distinct(IEnumerable<KernelTask> tasks) =>
        tasks.DistinctBy(task => task.Id).OrderBy(task => task.Id).ToArray();
}
