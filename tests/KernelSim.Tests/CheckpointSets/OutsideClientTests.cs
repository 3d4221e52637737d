using KernelSim.Assembler;
using KernelSim.Checkpoint;
using KernelSim.Kernel;
using KernelSim.Restore;
using KernelSim.Services;
using KernelSim.Tests.Equivalence;
using KernelSim.Tests.Support;
using Snapshot.Format;
using Snapshot.Format.Validation;
using Snapshot.Testing.Locations;

namespace KernelSim.Tests.CheckpointSets;

/// <summary>
/// A client outside the checkpoint set is not in the image: the echo server checkpointed alone records the
/// client's phone into it, and restore hangs that phone up through a stand-in, so the restored server sees its
/// client go away (IPC_M_PHONE_HUNGUP with the client's phone id) and ends as its code says.
/// </summary>
public sealed class OutsideClientTests
{
    private const ulong Server = 1;
    private const ulong Client = 2;

    [Fact]
    public void The_echo_server_checkpointed_without_its_client_sees_the_client_hang_up_after_restore()
    {
        using var temp = new TempDirectory();
        var image = temp.File("server.snap");
        var kernel = SetRun.EchoPair().Boot();
        var clientPhone = RunUntilConnected(kernel);
        new Checkpointer(kernel).Checkpoint(new CheckpointRequest([Server], image) { TimeoutTicks = SetRun.MaxTicks });

        ExternalState external = ReadExternal(image);
        Assert.Equal([Client], external.Cooperation.OutsideTaskIds);
        Assert.Equal([new OutsidePhoneRecord(Client, clientPhone, new PeerRef(PeerKind.Task, Server))], external.Cooperation.OutsidePhones);

        var fresh = KernelBoot.Boot("spartan-0.5", seed: 1);
        var restored = new Restorer(fresh).Restore(image);
        Assert.Contains(restored.Notes, note => note.StartsWith($"outside task {Client}: its 1 phone(s) into the set hung up", StringComparison.Ordinal));
        var server = Assert.Single(restored.Tasks).Task;
        var dummy = Assert.Single(fresh.Tasks, task => task.Name == $"dummy:{Client}");
        Assert.NotEqual(server.Id, dummy.Id);
        Assert.Equal(TaskState.Exited, dummy.State);
        Assert.Empty(dummy.Threads);

        fresh.RunUntilExit(SetRun.MaxTicks);

        Assert.Equal(TaskState.Exited, server.State);
        Assert.Equal(0, server.ExitCode);
        Assert.Matches(@"echo-server: client hung up after \d+ calls", fresh.Console.Text);
    }

    [Fact]
    public void An_outside_phone_to_a_task_outside_the_image_is_refused_before_anything_is_created()
    {
        using var temp = new TempDirectory();
        var image = temp.File("server.snap");
        var kernel = SetRun.EchoPair().Boot();
        RunUntilConnected(kernel);
        new Checkpointer(kernel).Checkpoint(new CheckpointRequest([Server], image) { TimeoutTicks = SetRun.MaxTicks });
        var broken = temp.File("broken.snap");
        ImageRewriter.Rewrite(image, broken, external: external => external with
        {
            Cooperation = external.Cooperation with
            {
                OutsidePhones = [.. external.Cooperation.OutsidePhones.Select(phone => phone with { Callee = new PeerRef(PeerKind.Task, 77) })],
            },
        });

        var report = ImageValidator.Validate(broken);
        Assert.Contains(report.Problems, problem => problem.Section == "COOPERATION"
            && problem.Message.Contains("calls task 77, which is not a task of the checkpoint set", StringComparison.Ordinal));

        var fresh = KernelBoot.Boot("spartan-0.5", seed: 1);
        var before = fresh.Tasks.Count();
        var error = Assert.Throws<RestoreException>(() => new Restorer(fresh).Restore(broken));
        Assert.Contains("task 77", error.Message);
        Assert.Equal(before, fresh.Tasks.Count());
        Assert.DoesNotContain(fresh.Tasks, task => task.Name.StartsWith("dummy:", StringComparison.Ordinal));
    }

    /// <summary>Runs until the client holds a connected phone to the server (its id), within a bound.</summary>
    private static ulong RunUntilConnected(Microkernel kernel)
    {
        for (var tick = 0; tick < 100_000; tick++)
        {
            var phone = kernel.ActiveTask(Client).Ipc.Phones.FirstOrDefault(phone => phone.Callee.Owner.Id == Server && phone.State == KernelSim.Ipc.PhoneState.Connected);
            if (phone is not null)
            {
                return phone.Id;
            }

            kernel.Tick();
        }

        throw new InvalidOperationException("the echo client never connected to the server");
    }

    private static ExternalState ReadExternal(string path)
    {
        using var reader = ImageReader.Open(path);
        return reader.ReadMetadata().External ?? throw new InvalidOperationException($"{path} has no external state");
    }
}
