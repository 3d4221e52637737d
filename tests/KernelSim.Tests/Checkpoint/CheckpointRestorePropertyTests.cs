using KernelSim.Assembler;
using KernelSim.Checkpoint;
using KernelSim.Kernel;
using KernelSim.Restore;
using KernelSim.Tests.Kernel;
using KernelSim.Tests.Support;
using Snapshot.Format;
using Snapshot.Format.Kernels;

namespace KernelSim.Tests.Checkpoint;

/// <summary>
/// THE property: for every sample program and checkpoint moments spread over its run (including threads
/// blocked in futex_wait and sleep, and mid-quantum), "run N" prints exactly what "run k, checkpoint,
/// kill, restore into a fresh kernel, run N−k" prints, and ends in the same task state.
/// </summary>
public sealed class CheckpointRestorePropertyTests
{
    private const ulong Seed = 7;
    private const ulong MaxTicks = 5_000_000;

    public static TheoryData<string> Programs() => new(ProgramLibrary.Names);

    [Theory]
    [MemberData(nameof(Programs))]
    public void Restored_run_prints_and_ends_exactly_like_the_uninterrupted_run(string name)
    {
        using var temp = new TempDirectory();
        var program = ProgramLibrary.Load(name);
        var argument = TestPrograms.PropertyArgument(name);

        // The reference: run to the end once to learn T, then again to N = 90% of T with an image there.
        var probe = Microkernel.Boot(seed: Seed);
        probe.Spawn(program, argument);
        var total = probe.RunUntilExit(MaxTicks);
        Assert.Equal(TestPrograms.EndOf(name), total.Stop);
        var fullConsole = probe.Console.ToArray();
        var n = total.Ticks - total.Ticks / 10;

        var reference = Microkernel.Boot(seed: Seed);
        var referenceTask = reference.Spawn(program, argument);
        reference.Run(n);
        var consoleAtN = reference.Console.ToArray();
        var referenceImage = temp.File("reference.snap");
        new Checkpointer(reference).Checkpoint(referenceTask.Id, referenceImage, kill: false);

        var moments = CheckpointMoments.Pick(program, argument, Seed, n, spread: 24);
        var seen = MomentKind.None;
        foreach (var (k, kind) in moments)
        {
            seen |= kind;
            var image = temp.File($"at-{k}.snap");
            var before = Microkernel.Boot(seed: Seed);
            var task = before.Spawn(program, argument);
            before.Run(k);
            new Checkpointer(before).Checkpoint(task.Id, image, kill: true);
            AssertImageShowsMoment(image, kind, k);

            var after = Microkernel.Boot(seed: Seed);
            var restored = new Restorer(after).Restore(image);
            Assert.True(restored.Tasks[0].KeptTaskId);
            after.Run(n - k);
            Assert.True(Concat(before.Console.ToArray(), after.Console.ToArray()).SequenceEqual(consoleAtN),
                $"{name}: console after checkpoint at tick {k} and restore differs at tick {n}");

            var imageAtN = temp.File($"at-{k}-then-{n}.snap");
            new Checkpointer(after).Checkpoint(restored.Tasks[0].Task.Id, imageAtN, kill: false);
            ImageComparison.AssertSameState(referenceImage, imageAtN);

            var rest = after.RunUntilExit(MaxTicks);
            Assert.Equal(TestPrograms.EndOf(name), rest.Stop);
            Assert.Equal(total.Ticks, k + (n - k) + rest.Ticks);
            Assert.True(Concat(before.Console.ToArray(), after.Console.ToArray()).SequenceEqual(fullConsole),
                $"{name}: final console after checkpoint at tick {k} differs");
        }

        Assert.True(seen.HasFlag(MomentKind.MidQuantum), $"{name}: no mid-quantum moment was sampled");
        if (name == "prodcons")
        {
            Assert.True(seen.HasFlag(MomentKind.FutexWait), "prodcons: no moment with a thread in futex_wait was sampled");
        }

        if (name == "sleeper")
        {
            Assert.True(seen.HasFlag(MomentKind.Sleep), "sleeper: no moment with a thread in sleep was sampled");
        }
    }

    public static TheoryData<string> SmallPrograms() => new(nameof(FutexTests.WakeOrder), nameof(TestPrograms.RandomWalk));

    /// <summary>Small programs are checked at every single tick of their run, not a sample.</summary>
    [Theory]
    [MemberData(nameof(SmallPrograms))]
    public void Small_programs_survive_a_checkpoint_at_every_tick(string name)
    {
        using var temp = new TempDirectory();
        var program = TestPrograms.Assemble(name == nameof(FutexTests.WakeOrder) ? FutexTests.WakeOrder : TestPrograms.RandomWalk, name);
        var reference = Microkernel.Boot(seed: Seed);
        reference.Spawn(program);
        var total = reference.RunUntilExit(100_000);
        Assert.Equal(RunStop.AllExited, total.Stop);
        Assert.InRange(total.Ticks, 100UL, 2000UL);

        var image = temp.File("image.snap");
        for (ulong k = 1; k < total.Ticks; k++)
        {
            var before = Microkernel.Boot(seed: Seed);
            var task = before.Spawn(program);
            before.Run(k);
            if (task.State != TaskState.Active)
            {
                continue; // the last ticks: the task has already exited
            }

            new Checkpointer(before).Checkpoint(task.Id, image, kill: true);
            var after = Microkernel.Boot(seed: Seed + 1); // the seed must not matter: the generator state is in the image
            new Restorer(after).Restore(image);
            var rest = after.RunUntilExit(100_000);
            Assert.Equal(total.Ticks, k + rest.Ticks);
            Assert.True(Concat(before.Console.ToArray(), after.Console.ToArray()).SequenceEqual(reference.Console.ToArray()),
                $"{name}: console differs after a checkpoint at tick {k}");
        }
    }

    [Fact]
    public void The_samples_include_the_programs_whose_blocking_the_property_must_cover()
    {
        Assert.Contains("prodcons", ProgramLibrary.Names);
        Assert.Contains("sleeper", ProgramLibrary.Names);
        Assert.Contains("ckpt", ProgramLibrary.Names);
        Assert.Contains("sieve", ProgramLibrary.Names);
    }

    // The moment classification came from the live kernel; the image must say the same thing.
    private static void AssertImageShowsMoment(string path, MomentKind kind, ulong tick)
    {
        using var reader = ImageReader.Open(path);
        var profile = KernelBuildCatalog.Find(reader.Header.Build.BuildId)!;
        var threads = reader.ReadMetadata().Tasks.Single().Threads.Select(thread => CanonicalCodec.DecodeThread(thread, profile)).ToArray();
        var restarts = threads.Where(thread => thread.StopSite == TaskCapture.SyscallRestartSite).Select(thread => thread.Syscall!.Name).ToArray();
        Assert.Equal(kind.HasFlag(MomentKind.FutexWait), restarts.Contains("futex_wait"));
        Assert.Equal(kind.HasFlag(MomentKind.Sleep), restarts.Contains("sleep"));
        var running = threads.SingleOrDefault(thread => thread.State == ThreadRunState.Running);
        Assert.Equal(kind.HasFlag(MomentKind.MidQuantum), running is { QuantumLeft: > 0 } && running.QuantumLeft < (uint)profile.Quantum);
        Assert.True(threads.All(thread => thread.StopSite is TaskCapture.PreemptSite or TaskCapture.SyscallRestartSite), $"unexpected stop site at tick {tick}");
    }

    private static byte[] Concat(byte[] a, byte[] b) => [.. a, .. b];
}
