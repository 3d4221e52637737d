using KernelSim.Checkpoint;
using KernelSim.Kernel;
using KernelSim.Restore;
using KernelSim.Tests.Equivalence;
using KernelSim.Tests.Support;
using Snapshot.Format;
using Snapshot.Testing.Locations;

namespace KernelSim.Tests.Trust;

/// <summary>
/// Restore of external state is a trust boundary: a well-formed image (every CRC right, written by the format's
/// writer) whose references do not hold is refused in one line before anything is created.
/// </summary>
public sealed class ExternalStateTrustTests
{
    [Fact]
    public void A_thread_waiting_in_a_sync_call_the_image_does_not_hold_is_refused()
    {
        using var temp = new TempDirectory();
        var (kernel, image) = EchoImageWithASyncCall(temp);
        var forged = temp.File("forged.snap");
        ImageRewriter.Rewrite(image, forged, external: external => external with { Calls = [] });

        var error = Assert.Throws<RestoreException>(() => new Restorer(kernel).Restore(forged));
        Assert.Matches(@"^image .*forged\.snap: task 2 thread 1: waits in ipc_call_sync for call \d+ over phone 1, which the image does not hold as this thread's call$", error.Message);
        Assert.All(kernel.Tasks, task => Assert.Equal(TaskState.Exited, task.State));
    }

    [Fact]
    public void A_phone_to_an_unknown_service_is_refused()
    {
        using var temp = new TempDirectory();
        var (kernel, image) = EchoImageWithASyncCall(temp);
        var forged = temp.File("forged.snap");
        ImageRewriter.Rewrite(image, forged, external: external => external with
        {
            TaskIpc = external.TaskIpc.Select(ipc => ipc with
            {
                Phones = ipc.Phones.Select(phone => phone.PhoneId == 0 ? phone with { Callee = new PeerRef(PeerKind.Service, 9) } : phone).ToArray(),
            }).ToArray(),
        });

        var error = Assert.Throws<RestoreException>(() => new Restorer(kernel).Restore(forged));
        Assert.StartsWith($"image {forged}: ", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.All(kernel.Tasks, task => Assert.Equal(TaskState.Exited, task.State));
    }

    /// <summary>The echo pair checkpointed (and killed) while the client waits in a synchronous call.</summary>
    private static (Microkernel Kernel, string Image) EchoImageWithASyncCall(TempDirectory temp)
    {
        var kernel = SetRun.EchoPair().Boot();
        while (!kernel.FindTask(2)!.Threads.Any(thread => thread.Wait is { Reason: WaitReason.IpcSyncCall } && thread.SyncCall!.Phone.Id == 1))
        {
            kernel.Tick();
        }

        var image = temp.File("echo.snap");
        new Checkpointer(kernel).Checkpoint(new CheckpointRequest([1, 2], image) { TimeoutTicks = SetRun.MaxTicks, Kill = KillPolicy.All });
        return (kernel, image);
    }
}
