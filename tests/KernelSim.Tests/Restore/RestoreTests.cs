using KernelSim.Checkpoint;
using KernelSim.Kernel;
using KernelSim.Restore;
using KernelSim.Tests.Kernel;
using KernelSim.Tests.Support;
using Snapshot.Format;
using Snapshot.Format.Kernels;

namespace KernelSim.Tests.Restore;

public sealed class RestoreTests
{
    private const string SleepThenWrite = """
        _start:
            li r1, 100
            li r0, SYS_SLEEP
            syscall
            la r1, msg
            li r2, 1
            li r0, SYS_WRITE
            syscall
        done:
            jmp done
        .data
        msg: .ascii "w"
        """;

    [Fact]
    public void A_sleep_is_restarted_with_the_ticks_remaining()
    {
        using var temp = new TempDirectory();
        var kernel = Microkernel.Boot();
        var task = kernel.Spawn(TestPrograms.Assemble(SleepThenWrite));
        kernel.Run(50); // asleep since tick 2, deadline 102
        var image = temp.File("sleep.snap");
        new Checkpointer(kernel).Checkpoint(task.Id, image, kill: true);

        using (var reader = ImageReader.Open(image))
        {
            var thread = CanonicalCodec.DecodeThread(reader.ReadMetadata().Tasks[0].Threads[0], kernel.Profile);
            Assert.Equal(TaskCapture.SyscallRestartSite, thread.StopSite);
            Assert.Equal(new ulong[] { 52, 0, 0, 0, 0 }, thread.Syscall!.Args);
            Assert.Equal("sleep", thread.Syscall.Name);
            Assert.Contains("restart", thread.Flags);
        }

        var fresh = Microkernel.Boot();
        var restored = new Restorer(fresh).Restore(image).Tasks[0].Task;
        var sleeper = restored.FindThread(1)!;
        Assert.Equal(52UL, sleeper.Wait!.Deadline);
        fresh.Run(52);
        Assert.Equal(SchedulingState.Blocked, sleeper.State);
        fresh.Run(1);
        Assert.Null(sleeper.Wait);
        fresh.Run(10);
        Assert.Equal("w", fresh.Console.Text);
    }

    [Fact]
    public void Futex_waiters_keep_their_queue_order_through_checkpoint_and_restore()
    {
        using var temp = new TempDirectory();
        var kernel = Microkernel.Boot();
        var task = kernel.Spawn(TestPrograms.Assemble(FutexTests.WakeOrder));
        kernel.Run(120); // all three waiters blocked on the word (in the order 4, 3, 2), main asleep
        Assert.Equal(3, task.Threads.Count(thread => thread.Wait?.Reason == WaitReason.Futex));
        var image = temp.File("order.snap");
        new Checkpointer(kernel).Checkpoint(task.Id, image, kill: true);

        var fresh = Microkernel.Boot();
        new Restorer(fresh).Restore(image);
        Assert.Equal(RunStop.AllExited, fresh.RunUntilExit(10_000).Stop);
        Assert.Equal("432", fresh.Console.Text);
    }

    [Fact]
    public void A_task_whose_id_is_taken_gets_a_fresh_one_and_still_runs_to_the_same_output()
    {
        using var temp = new TempDirectory();
        var program = KernelSim.Assembler.ProgramLibrary.Load("prodcons");
        var reference = Microkernel.Boot();
        reference.Spawn(program, 4);
        reference.RunUntilExit(1_000_000);

        var kernel = Microkernel.Boot();
        var task = kernel.Spawn(program, 4);
        kernel.Run(3000);
        var image = temp.File("prodcons.snap");
        new Checkpointer(kernel).Checkpoint(task.Id, image, kill: true);
        var before = kernel.Console.OfTask(task.Id);

        // Another task already holds id 1 and is on the CPU when the image comes back.
        var busy = Microkernel.Boot();
        busy.Spawn(TestPrograms.Assemble(TestPrograms.Spin));
        busy.Run(10);
        var restored = new Restorer(busy).Restore(image).Tasks.Single();
        Assert.False(restored.KeptTaskId);
        Assert.Equal((1UL, 2UL), (restored.ImageTaskId, restored.Task.Id));

        while (restored.Task.State == TaskState.Active && busy.Now < 2_000_000)
        {
            busy.Tick();
        }

        byte[] resumed = [.. before, .. busy.Console.OfTask(restored.Task.Id)];
        Assert.Equal(reference.Console.ToArray(), resumed);
    }

    [Fact]
    public void An_image_of_another_build_is_refused_in_one_line_naming_both_builds_and_snapupgrade()
    {
        using var temp = new TempDirectory();
        var good = CheckpointOf("ckpt", 500, temp.File("good.snap"));
        var other = temp.File("other.snap");
        ImageRewriter.Rewrite(good, other, stamp: stamp => stamp with { Version = "0.3.0", BuildId = Hash256.Compute("spartan-0.3"u8) });

        var kernel = Microkernel.Boot();
        var ex = Assert.Throws<RestoreException>(() => new Restorer(kernel).Restore(other));
        var running = kernel.Profile.Stamp;
        Assert.DoesNotContain('\n', ex.Message);
        Assert.Contains("spartan 0.3.0", ex.Message);
        Assert.Contains(running.Display, ex.Message);
        Assert.Contains($"snapupgrade {other} -o ", ex.Message);
        Assert.EndsWith("--to spartan-0.4", ex.Message);
        Assert.Empty(kernel.Tasks);
    }

    [Fact]
    public void A_corrupted_or_truncated_image_is_refused_with_the_section_and_offset()
    {
        using var temp = new TempDirectory();
        var good = CheckpointOf("prodcons", 2000, temp.File("good.snap"));
        var bytes = File.ReadAllBytes(good);

        long threadOffset;
        using (var reader = ImageReader.Open(good))
        {
            threadOffset = reader.Index.First(entry => entry.Type == SectionType.Thread).Offset;
        }

        var flipped = temp.File("flipped.snap");
        var copy = (byte[])bytes.Clone();
        copy[threadOffset + 40] ^= 0x10; // inside the first THREAD payload
        File.WriteAllBytes(flipped, copy);
        var kernel = Microkernel.Boot();
        var ex = Assert.Throws<RestoreException>(() => new Restorer(kernel).Restore(flipped));
        Assert.StartsWith($"image {flipped}: ", ex.Message);
        Assert.Contains("THREAD", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.IsType<SnapshotFormatException>(ex.InnerException);

        var truncated = temp.File("truncated.snap");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
        Assert.Throws<RestoreException>(() => new Restorer(kernel).Restore(truncated));

        var text = temp.File("text.snap");
        File.WriteAllText(text, "not an image at all\n");
        Assert.Throws<RestoreException>(() => new Restorer(kernel).Restore(text));

        var missing = Assert.Throws<RestoreException>(() => new Restorer(kernel).Restore(temp.File("missing.snap")));
        Assert.Contains("missing.snap", missing.Message);
        Assert.Empty(kernel.Tasks);
    }

    public static TheoryData<string, string> HostileEdits() => new()
    {
        { "overlapping-areas", "overlaps another area" },
        { "area-outside-user-space", "outside the user address space" },
        { "quantum-too-large", "exceeds the build's quantum" },
        { "missing-stack", "stack area" },
        { "duplicate-thread", "share an id" },
        { "wrong-thread-count", "kernel task struct counts" },
        { "rank-gap", "ranks of runnable threads" },
    };

    [Theory]
    [MemberData(nameof(HostileEdits))]
    public void Well_formed_images_with_impossible_state_are_refused_before_the_kernel_changes(string edit, string expected)
    {
        using var temp = new TempDirectory();
        var good = CheckpointOf("prodcons", 2000, temp.File("good.snap"));
        var bad = temp.File(edit + ".snap");
        ImageRewriter.Rewrite(good, bad, task: metadata => Edit(edit, metadata));

        var kernel = Microkernel.Boot();
        var ex = Assert.Throws<RestoreException>(() => new Restorer(kernel).Restore(bad));
        Assert.Contains(expected, ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.Empty(kernel.Tasks);
        Assert.True(kernel.RunQueue.IsIdle);
    }

    private static TaskMetadata Edit(string edit, TaskMetadata metadata)
    {
        var areas = metadata.Areas.ToList();
        var threads = metadata.Threads.ToList();
        var stackIndex = areas.FindIndex(area => area.Kind == AreaKind.Stack);
        switch (edit)
        {
            case "overlapping-areas":
                areas[stackIndex] = areas[stackIndex] with { Base = areas[0].Base };
                break;
            case "area-outside-user-space":
                areas[stackIndex] = areas[stackIndex] with { Base = 0xffff_8000_0000_0000 };
                break;
            case "quantum-too-large":
                threads[0] = Reencode(threads[0], state => state with { QuantumLeft = 1000 });
                break;
            case "missing-stack":
                threads[0] = Reencode(threads[0], state => state with { StackAreaId = 1 });
                break;
            case "rank-gap":
                var runnable = threads.FindIndex(thread => Decode(thread).StopSite == TaskCapture.PreemptSite);
                threads[runnable] = Reencode(threads[runnable], state => state with { Rank = 7 });
                break;
            case "duplicate-thread":
                threads[1] = threads[1] with { ThreadId = threads[0].ThreadId };
                break;
            case "wrong-thread-count":
                threads.RemoveAt(threads.Count - 1);
                break;
        }

        return metadata with { Areas = areas, Threads = threads };
    }

    private static CanonicalThread Decode(ThreadRecord thread) =>
        CanonicalCodec.DecodeThread(thread, KernelBuildCatalog.Find(Microkernel.DefaultBuild)!);

    private static ThreadRecord Reencode(ThreadRecord thread, Func<CanonicalThread, CanonicalThread> change) =>
        CanonicalCodec.EncodeThread(thread.TaskId, change(Decode(thread)), KernelBuildCatalog.Find(Microkernel.DefaultBuild)!);

    private static string CheckpointOf(string program, ulong ticks, string path)
    {
        var kernel = Microkernel.Boot();
        var task = kernel.Spawn(KernelSim.Assembler.ProgramLibrary.Load(program), TestPrograms.PropertyArgument(program));
        kernel.Run(ticks);
        new Checkpointer(kernel).Checkpoint(task.Id, path, kill: true);
        return path;
    }
}
