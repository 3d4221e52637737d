using KernelSim.Ipc;
using KernelSim.Kernel;
using KernelSim.Services;
using KernelSim.Services.Console;
using KernelSim.Services.Vfs;

namespace KernelSim.Tests.Equivalence;

/// <summary>
/// Runs a set uninterrupted, one tick at a time, and notes the first tick each <see cref="SetMoment"/> holds
/// (and the tick after which nothing is left to checkpoint), so that the property is checked exactly at the
/// interesting points rather than at brute-forced ones.
/// </summary>
internal static class MomentScan
{
    public static (IReadOnlyDictionary<SetMoment, ulong> First, ulong End) Scan(SetRun run, ulong maxTicks = SetRun.MaxTicks)
    {
        var kernel = run.Boot();
        var first = new SortedDictionary<SetMoment, ulong>();
        while (kernel.HasActiveTasks && kernel.Now < maxTicks)
        {
            kernel.Tick();
            foreach (var moment in Holding(kernel))
            {
                first.TryAdd(moment, kernel.Now);
            }
        }

        return (first, kernel.Now);
    }

    public static IEnumerable<SetMoment> Holding(Microkernel kernel)
    {
        var tasks = kernel.Tasks.Where(task => task.State == TaskState.Active).ToArray();
        var boxes = tasks.Select(task => task.Ipc.Answerbox).ToArray();
        if (boxes.Any(box => box.Queued.Any(call => !call.Sender.IsNative && !call.IsNotification)))
        {
            yield return SetMoment.QueuedCall;
        }

        if (boxes.Any(box => box.Dispatched.Any(call => !call.Sender.IsNative && !call.IsNotification)))
        {
            yield return SetMoment.DispatchedCall;
        }

        if (boxes.Any(box => box.Answers.Any()))
        {
            yield return SetMoment.AnsweredUnfetched;
        }

        if (tasks.SelectMany(task => task.Threads).Any(thread => thread.Wait is { Reason: WaitReason.IpcSyncCall }))
        {
            yield return SetMoment.BlockedInSyncCall;
        }

        if (tasks.SelectMany(task => task.Ipc.Outgoing).Any(call => call.ForwardCount > 0 && call.State != CallState.Answered
                                                                     && call.Request.Method != IpcMethods.ConnectMeTo))
        {
            yield return SetMoment.ForwardedCall;
        }

        if (StandardServices.Find<ConsoleService>(kernel, ServiceIds.Console) is { PendingReads.Count: > 0 })
        {
            yield return SetMoment.ConsoleReadPending;
        }

        if (StandardServices.Find<VfsService>(kernel, ServiceIds.Vfs) is { } vfs && vfs.Clients.Any(client => client.OpenCount > 0))
        {
            yield return SetMoment.FilesOpen;
        }

        if (tasks.Any(task => task.AddressSpace.Areas.Any(area => area.Store is { OwnerServiceId: ServiceIds.Shm })))
        {
            yield return SetMoment.SharedMemory;
        }
    }
}
