using KernelSim.Assembler;
using KernelSim.Checkpoint;
using KernelSim.Kernel;
using KernelSim.Restore;
using KernelSim.Scenarios.Steps;
using KernelSim.Services;
using KernelSim.Services.Console;
using KernelSim.Services.Vfs;
using KernelSim.Tests.Equivalence;
using Snapshot.Format;
using Snapshot.Testing.Locations;

namespace KernelSim.Tests.CheckpointSets;

/// <summary>
/// Every failure path of checkpoint and restore of a set ends in its documented outcome with a one-line message:
/// timeout and an uncooperative service (cancel: nothing written, everything runs on; resume: the connection is
/// recorded and hung up at restore), missing and duplicate servers at restore (cancel: nothing restored; resume:
/// the connection is hung up), a changed file under the unchangeable policy, and what the volatile and backup
/// policies do with changed files.
/// </summary>
public sealed class FailurePathTests
{
    private static readonly byte[] s_source = FileStep.Generate(300, seed: 7);

    [Fact]
    public void An_uncooperative_service_cancels_the_checkpoint_after_the_timeout_writing_nothing_and_the_set_runs_on_as_before()
    {
        using var temp = new TempDirectory();
        var reference = FileCopy().Uninterrupted();
        var kernel = FileCopy().Boot();
        kernel.Run(400);
        var console = StandardServices.Find<ConsoleService>(kernel, ServiceIds.Console)!;
        console.IsUncooperative = true;
        var path = temp.File("copy.snap");

        var error = Assert.Throws<CheckpointCancelledException>(() =>
            new Checkpointer(kernel).Checkpoint(new CheckpointRequest([1], path) { TimeoutTicks = 50, Kill = KillPolicy.All }));
        Assert.Equal("checkpoint cancelled: service console (id 3), connection of task 1 phone 1 did not cooperate within 50 ticks; nothing was written " +
                     "(with --err-resume the connection is recorded as not cooperated and hung up at restore)", error.Message);
        Assert.False(File.Exists(path));
        Assert.Equal(450UL, kernel.Now);
        Assert.Equal(TaskState.Active, kernel.FindTask(1)!.State); // not killed: nothing was taken
        Assert.Empty(console.Frozen);

        // The members were stopped while the checkpoint waited: the copy goes on exactly as it would have.
        console.IsUncooperative = false;
        Assert.Equal(RunStop.AllExited, kernel.RunUntilExit(SetRun.MaxTicks).Stop);
        Assert.Equal(reference.Console, kernel.Console.Text);
    }

    [Fact]
    public void Under_resume_an_uncooperative_connection_is_recorded_and_hung_up_at_restore()
    {
        using var temp = new TempDirectory();
        var kernel = FileCopy().Boot();
        kernel.Run(400);
        StandardServices.Find<ConsoleService>(kernel, ServiceIds.Console)!.IsUncooperative = true;
        var path = temp.File("copy.snap");

        var summary = new Checkpointer(kernel).Checkpoint(new CheckpointRequest([1], path)
        {
            TimeoutTicks = 20, ErrorPolicy = CheckpointErrorPolicy.Resume, Kill = KillPolicy.All,
        });
        Assert.Equal(["service console (id 3), connection of task 1 phone 1"], summary.NotCooperated);
        Assert.Contains(summary.Services, service => service is { Name: "console", Cooperated: false });
        Assert.Contains(summary.Services, service => service is { Name: "vfs", Cooperated: true });

        var restored = new Restorer(kernel).Restore(path);
        Assert.Contains("task 1 phone 1 to service console (id 3) hung up: service console did not cooperate when the checkpoint was taken", restored.Notes);
        Assert.Equal(KernelSim.Ipc.PhoneState.HungUp, kernel.FindTask(1)!.Ipc.FindPhone(1)!.State);
    }

    [Fact]
    public void A_missing_server_refuses_the_restore_by_default_and_is_hung_up_under_resume()
    {
        using var temp = new TempDirectory();
        var path = temp.File("copy.snap");
        var kernel = FileCopy().Boot();
        kernel.Run(400);
        // Volatile: the fresh kernel has the source but not the half-written copy, which is closed.
        new Checkpointer(kernel).Checkpoint(new CheckpointRequest([1], path) { FilePolicy = FilePolicy.Volatile });

        var without = BootWithFile("console");
        var error = Assert.Throws<RestoreException>(() => new Restorer(without).Restore(path));
        Assert.Equal($"image {path}: missing server: service console (id 3) is not running (connection of task 1 phone 1); nothing was restored; " +
                     "--err-resume hangs that connection up instead", error.Message);
        Assert.Empty(without.Tasks);

        var restored = new Restorer(without).Restore(path, new RestoreOptions { ErrorPolicy = CheckpointErrorPolicy.Resume });
        Assert.Contains("task 1 phone 1 to service console (id 3) hung up: missing server: service console (id 3) is not running", restored.Notes);
        Assert.Equal(KernelSim.Ipc.PhoneState.HungUp, without.FindTask(1)!.Ipc.FindPhone(1)!.State);
    }

    [Fact]
    public void A_duplicate_server_refuses_the_restore_by_default_and_is_hung_up_under_resume()
    {
        using var temp = new TempDirectory();
        var path = temp.File("echo.snap");
        var kernel = SetRun.EchoPair().Boot();
        kernel.Run(1500);
        new Checkpointer(kernel).Checkpoint(new CheckpointRequest([1, 2], path) { TimeoutTicks = SetRun.MaxTicks, Kill = KillPolicy.All });

        // Another server takes the name "echo" before the restore.
        var rival = kernel.Spawn(ProgramLibrary.Load(SetRun.Sample("echo-server.s")));
        kernel.Run(500);
        var error = Assert.Throws<RestoreException>(() => new Restorer(kernel).Restore(path));
        Assert.Equal($"image {path}: duplicate server: 'echo', which task 1 registered, is now registered by running task {rival.Id} (connection of task 1 phone 0); " +
                     "nothing was restored; --err-resume hangs that connection up instead", error.Message);

        var restored = new Restorer(kernel).Restore(path, new RestoreOptions { ErrorPolicy = CheckpointErrorPolicy.Resume });
        Assert.Contains(restored.Notes, note => note.StartsWith("task 1 phone 0 to service ns (id 1) hung up: duplicate server: 'echo'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_file_changed_under_the_unchangeable_policy_refuses_the_restore_naming_the_file()
    {
        using var temp = new TempDirectory();
        var path = temp.File("copy.snap");
        var kernel = CheckpointedCopy(path, FilePolicy.Unchangeable);
        Assert.Null(Vfs(kernel).FileSystem.Put(VfsPath.Parse("/data/in.txt")!, "changed"u8, out _));

        var error = Assert.Throws<RestoreException>(() => new Restorer(kernel).Restore(path));
        Assert.Equal($"image {path}: task 1: file /data/in.txt (policy unchangeable) changed since the checkpoint (size 300 then, 7 now; content hash differs)", error.Message);
        Assert.Equal(TaskState.Exited, kernel.FindTask(1)!.State); // nothing restored
    }

    [Fact]
    public void Under_the_volatile_policy_a_deleted_file_is_closed()
    {
        using var temp = new TempDirectory();
        var path = temp.File("copy.snap");
        var kernel = CheckpointedCopy(path, FilePolicy.Volatile);
        Assert.Null(Vfs(kernel).FileSystem.Remove(VfsPath.Parse("/data/in.txt")!, Vfs(kernel).FileSystem.Root));

        var restored = new Restorer(kernel).Restore(path);
        Assert.Contains(restored.Notes, note => note.StartsWith("file /data/in.txt no longer exists: handle", StringComparison.Ordinal));
        Assert.DoesNotContain(Vfs(kernel).FindClient(1)!.Files, file => file.Path == "/data/in.txt");
    }

    [Theory]
    [InlineData(FilePolicy.BackupOverwrite)]
    [InlineData(FilePolicy.BackupSkip)]
    public void The_backup_policies_carry_the_file_and_the_copy_ends_as_the_uninterrupted_one(FilePolicy policy)
    {
        using var temp = new TempDirectory();
        var path = temp.File("copy.snap");
        var reference = FileCopy().Uninterrupted();
        var kernel = CheckpointedCopy(path, policy);
        var fs = Vfs(kernel).FileSystem;
        // Overwrite writes the carried content back over a changed file; skip writes it only where the file is gone.
        if (policy == FilePolicy.BackupOverwrite)
        {
            Assert.Null(fs.Put(VfsPath.Parse("/data/in.txt")!, "changed"u8, out _));
        }
        else
        {
            Assert.Null(fs.Remove(VfsPath.Parse("/data/in.txt")!, fs.Root));
        }

        new Restorer(kernel).Restore(path);
        Assert.Equal(RunStop.AllExited, kernel.RunUntilExit(SetRun.MaxTicks).Stop);
        Assert.Equal(reference.Console, kernel.Console.Text);
        Assert.Null(fs.Lookup(VfsPath.Parse("/data/in.txt")!, fs.Root, out var source));
        Assert.Equal(s_source, source.Content.ToArray());
    }

    [Fact]
    public void A_build_without_a_call_struct_refuses_a_set_with_IPC_state_naming_a_build_that_can()
    {
        using var temp = new TempDirectory();
        var kernel = new SetRun("spartan-0.4", FileCopy().Setup).Boot();
        kernel.Run(400);
        var path = temp.File("old.snap");
        var error = Assert.Throws<CheckpointRefusedException>(() => new Checkpointer(kernel).Checkpoint(1, path, kill: true));
        Assert.Equal("task 1 holds IPC state, which images of kernel build spartan-0.4 cannot carry (its profile has no \"call\" struct); build spartan-0.5 and later can", error.Message);
        Assert.False(File.Exists(path));
        Assert.Equal(TaskState.Active, kernel.FindTask(1)!.State);
    }

    private static SetRun FileCopy() => new("spartan-0.5", kernel =>
    {
        Assert.Null(Vfs(kernel).FileSystem.Put(VfsPath.Parse("/data/in.txt")!, s_source, out _));
        kernel.Spawn(ProgramLibrary.Load("filecopy"), 64);
    });

    private static Microkernel BootWithFile(params string[] without)
    {
        var kernel = KernelBoot.Boot("spartan-0.5", seed: 1, without);
        Assert.Null(Vfs(kernel).FileSystem.Put(VfsPath.Parse("/data/in.txt")!, s_source, out _));
        return kernel;
    }

    /// <summary>filecopy checkpointed mid-copy (both files open) under <paramref name="policy"/> and killed.</summary>
    private static Microkernel CheckpointedCopy(string path, FilePolicy policy)
    {
        var kernel = FileCopy().Boot();
        kernel.Run(400);
        Assert.Contains(Vfs(kernel).FindClient(1)!.Files, file => file.Path == "/data/in.txt");
        new Checkpointer(kernel).Checkpoint(new CheckpointRequest([1], path) { FilePolicy = policy, Kill = KillPolicy.All });
        return kernel;
    }

    private static VfsService Vfs(Microkernel kernel) => StandardServices.Find<VfsService>(kernel, ServiceIds.Vfs)!;
}
