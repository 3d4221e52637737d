using KernelSim.Kernel;
using KernelSim.Reporting;

namespace KernelSim.Ipc;

/// <summary>
/// How much IPC state a task holds, counted the way a person reads it: phones (connected or hung
/// up; the idle phone 0 every task is born with does not count), pending calls (sent and not yet answered-and-fetched, plus calls queued or dispatched in its
/// answerbox) and threads waiting in ipc_wait; <see cref="CountersUsed"/> says
/// whether its id counters have moved even when nothing else is left.
/// </summary>
public sealed record IpcHoldings(int Phones, int PendingCalls, int WaitingThreads, bool CountersUsed)
{
    public static IpcHoldings Of(KernelTask task)
    {
        var ipc = task.Ipc;
        var box = ipc.Answerbox;
        var pending = ipc.OutgoingCount + box.Queued.Count + box.Dispatched.Count();
        var waiting = task.Threads.Count(thread => thread.Wait is { Reason: WaitReason.IpcWait });
        return new IpcHoldings(ipc.Phones.Count(phone => !TaskIpc.IsBirthPhone(phone)), pending, waiting, !ipc.IsPristine);
    }

    /// <summary>True when the task holds or has held IPC state.</summary>
    public bool Any => Phones > 0 || PendingCalls > 0 || WaitingThreads > 0 || CountersUsed;

    /// <summary>"2 phones, 1 pending call" (every count that is not zero; the phones and pending calls always).</summary>
    public override string ToString()
    {
        var parts = new List<string> { Quantity.Of(Phones, "phone"), Quantity.Of(PendingCalls, "pending call") };
        if (WaitingThreads > 0)
        {
            parts.Add(Quantity.Of(WaitingThreads, "thread") + " in ipc_wait");
        }

        if (Phones == 0 && PendingCalls == 0 && WaitingThreads == 0 && CountersUsed)
        {
            parts.Add("IPC ids already handed out");
        }

        return string.Join(", ", parts);
    }
}
