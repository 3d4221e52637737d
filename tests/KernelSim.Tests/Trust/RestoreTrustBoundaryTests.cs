using KernelSim.Cli;
using KernelSim.Kernel;
using KernelSim.Memory;
using KernelSim.Restore;
using KernelSim.Syscalls;
using Snapshot.Format;
using Snapshot.Format.Kernels;

namespace KernelSim.Tests.Trust;

/// <summary>
/// Restore is a trust boundary: every image below is well formed (valid framing and CRCs) but describes
/// state no running task could reach. Each is refused with one line naming what is wrong, before the
/// kernel is touched.
/// </summary>
public sealed class RestoreTrustBoundaryTests : IClassFixture<ImageCrafter>
{
    private readonly ImageCrafter _images;

    public RestoreTrustBoundaryTests(ImageCrafter images) => _images = images;

    [Fact]
    public void The_unchanged_image_and_an_unchanged_rewrite_restore()
    {
        foreach (var path in new[] { _images.Original, _images.Craft(metadata => metadata) })
        {
            var kernel = Microkernel.Boot();
            var result = new Restorer(kernel).Restore(path);
            Assert.Single(result.Tasks);
        }
    }

    [Fact]
    public void A_writable_and_executable_area_is_refused() =>
        AssertRefused(_images.CraftArea(area => area.Kind == AreaKind.Code, area => area with { Flags = AreaFlags.Read | AreaFlags.Write | AreaFlags.Execute }),
            "is writable and executable");

    [Fact]
    public void An_executable_data_area_is_refused() =>
        AssertRefused(_images.CraftArea(area => area.Kind == AreaKind.Data, area => area with { Flags = AreaFlags.Read | AreaFlags.Execute }),
            "a data area with flags Read, Execute");

    [Fact]
    public void An_area_of_a_kind_the_kernel_never_creates_is_refused() =>
        AssertRefused(_images.CraftArea(area => area.Kind == AreaKind.Stack, area => area with { Kind = AreaKind.Other }),
            "is not one this kernel creates");

    [Fact]
    public void A_stack_of_another_size_is_refused() =>
        AssertRefused(_images.CraftArea(area => area.Kind == AreaKind.Stack, area => area with { Base = area.Base - area.Size, Size = area.Size * 2 }),
            "a stack area with flags Read, Write, backing Anonymous and size 0x20000");

    [Fact]
    public void An_area_beyond_the_largest_area_size_is_refused() =>
        AssertRefused(_images.CraftArea(area => area.Kind == AreaKind.Data, area => area with { Base = 0x10_0000_0000, Size = AddressSpaceLayout.MaxAreaSize * 2 }),
            "exceeds the largest area");

    [Fact]
    public void An_area_below_the_user_address_space_is_refused() =>
        AssertRefused(_images.CraftArea(area => area.Kind == AreaKind.Stack, area => area with { Base = 0x1000 }),
            "outside the user address space");

    [Fact]
    public void An_area_reaching_into_the_kernel_half_is_refused() =>
        AssertRefused(_images.CraftArea(area => area.Kind == AreaKind.Stack, area => area with { Base = AddressSpaceLayout.UserTop - AddressSpaceLayout.PageSize }),
            "outside the user address space");

    [Fact]
    public void Overlapping_areas_are_refused() => AssertRefused(_images.Craft(metadata =>
    {
        var code = metadata.Areas.First(area => area.Kind == AreaKind.Code);
        return metadata with
        {
            Areas = [.. metadata.Areas.Select(area => area.Kind == AreaKind.Data ? area with { Base = code.Base } : area)],
        };
    }), "overlaps another area");

    [Fact]
    public void A_kernel_thread_is_refused() =>
        AssertRefused(_images.CraftThread(ImageCrafter.Runnable, thread => thread with { Flags = new SortedSet<string> { "main" } }),
            "a kernel thread cannot be restored");

    [Fact]
    public void A_thread_flag_that_does_not_match_its_stop_site_is_refused() =>
        AssertRefused(_images.CraftThread(ImageCrafter.Runnable, thread => thread with { Flags = new SortedSet<string>(thread.Flags) { "restart" } }),
            "do not match stop site 'preempt'");

    [Fact]
    public void The_main_flag_on_another_thread_is_refused() =>
        AssertRefused(_images.CraftThread(thread => thread.ThreadId != 1, thread => thread with { Flags = new SortedSet<string>(thread.Flags) { "main" } }),
            "'main' flag belongs to thread 1");

    [Fact]
    public void Unknown_thread_flag_bits_are_refused() => AssertRefused(_images.Craft(metadata =>
    {
        var first = metadata.Threads[0];
        var blob = first.KernelThread.ToArray();
        blob[8] |= 0x80; // thread.flags, offset 8 in spartan-0.4
        return metadata with { Threads = [first with { KernelThread = blob }, .. metadata.Threads.Skip(1)] };
    }), "bits 0x80 are not in flag set thread_flags");

    [Fact]
    public void More_quantum_than_the_build_grants_is_refused() =>
        AssertRefused(_images.CraftThread(ImageCrafter.Runnable, thread => thread with { QuantumLeft = 51 }),
            "quantum left 51 exceeds the build's quantum 50");

    [Fact]
    public void A_blocked_thread_with_quantum_left_is_refused() =>
        AssertRefused(_images.CraftThread(ImageCrafter.Blocked, thread => thread with { QuantumLeft = 10 }),
            "a blocked thread has none");

    [Fact]
    public void Duplicate_ranks_are_refused() => AssertRefused(_images.Craft(metadata =>
    {
        var profile = Microkernel.Boot().Profile;
        var threads = metadata.Threads.Select(record =>
        {
            var state = CanonicalCodec.DecodeThread(record, profile);
            return CanonicalCodec.EncodeThread(record.TaskId, state with { Rank = 0 }, profile);
        }).ToArray();
        return metadata with { Threads = threads };
    }), "ranks of");

    [Fact]
    public void A_stack_area_that_does_not_exist_is_refused() =>
        AssertRefused(_images.CraftThread(ImageCrafter.Runnable, thread => thread with { StackAreaId = 999 }),
            "stack area 999 does not exist");

    [Fact]
    public void A_next_thread_id_not_beyond_the_ids_in_use_is_refused() =>
        AssertRefused(_images.CraftTask(task => task with { NextThreadId = 1 }), "not below the task's next thread id 1");

    [Fact]
    public void A_next_area_id_not_beyond_the_ids_in_use_is_refused() =>
        AssertRefused(_images.CraftTask(task => task with { NextAreaId = 2 }), "not below the task's next area id 2");

    [Theory]
    [InlineData(0x1000UL)]
    [InlineData(0x1_0000_0001UL)]
    [InlineData(0x8000_0000_0000UL)]
    public void A_heap_cursor_out_of_range_is_refused(ulong cursor) =>
        AssertRefused(_images.CraftTask(task => task with { HeapCursor = cursor }), $"heap cursor 0x{cursor:x}");

    [Fact]
    public void Thread_counts_beyond_the_limit_are_refused() => AssertRefused(_images.Craft(metadata =>
    {
        var template = metadata.Threads[0];
        var threads = Enumerable.Range(0, KernelLimits.MaxThreadsPerTask + 1)
            .Select(i => template with { ThreadId = (uint)(i + 1) }).ToArray();
        return metadata with { Threads = threads };
    }), $"this kernel restores 1 to {KernelLimits.MaxThreadsPerTask}");

    [Fact]
    public void A_restart_of_a_syscall_that_cannot_be_restarted_is_refused() =>
        AssertRefused(_images.CraftThread(ImageCrafter.Blocked, thread => thread with { Syscall = thread.Syscall! with { Name = SyscallNames.Write } }),
            "without a restartable syscall (write)");

    [Fact]
    public void A_restart_frame_with_extra_arguments_is_refused() =>
        AssertRefused(_images.CraftThread(ImageCrafter.Blocked, thread => thread with { Syscall = thread.Syscall! with { Args = [thread.Syscall.Args[0], thread.Syscall.Args[1], 0, 0, 0x41] } }),
            "only the first 2 may be non-zero");

    [Fact]
    public void A_futex_wait_on_a_misaligned_address_is_refused() =>
        AssertRefused(_images.CraftThread(ImageCrafter.Blocked, thread => thread with { Syscall = thread.Syscall! with { Args = [thread.Syscall.Args[0] + 4, thread.Syscall.Args[1], 0, 0, 0] } }),
            "is not 8-byte aligned");

    [Fact]
    public void A_futex_wait_on_unmapped_memory_is_refused() =>
        AssertRefused(_images.CraftThread(ImageCrafter.Blocked, thread => thread with { Syscall = thread.Syscall! with { Args = [0x7000_0000_0000, 0, 0, 0, 0] } }),
            "futex_wait address 0x700000000000 is not readable memory of the task");

    [Fact]
    public void A_page_outside_its_area_is_refused()
    {
        // The AREAS section says the area is one page; its chunks, written for the real area, hold later pages.
        var path = Path.Combine(_images.Directory, "page-outside.snap");
        using (var reader = ImageReader.Open(_images.Original))
        {
            var metadata = reader.ReadMetadata();
            var task = metadata.Tasks.Single();
            var target = task.Areas.First(area => area.Kind != AreaKind.Stack && reader.ReadChunks(task.Task.TaskId, area.AreaId).SelectMany(chunk => chunk.Pages()).Any(page => page.PageIndex > 0));
            using var stream = File.Create(path);
            // The code is stored by reference to the program (the default): the copy keeps it so, with no chunks.
            var options = new ImageWriterOptions { ProgramReferences = (reader.Header.Features.Incompatible & Features.IncompatProgramReference) != 0 };
            using var writer = ImageWriter.Create(stream, reader.Header.Build, options);
            writer.WriteCheckpoint(metadata.Checkpoint);
            writer.WriteTask(task.Task);
            writer.WriteAreas(task.Task.TaskId, [.. task.Areas.Select(area => area.AreaId == target.AreaId ? area with { Size = AddressSpaceLayout.PageSize } : area)]);
            foreach (var thread in task.Threads)
            {
                writer.WriteThread(thread);
            }

            foreach (var area in task.Areas.Where(area => area.Backing != AreaBacking.ProgramReference))
            {
                writer.WriteAreaMemory(task.Task.TaskId, area, reader.ReadChunks(task.Task.TaskId, area.AreaId).SelectMany(chunk => chunk.Pages()).ToArray());
            }

            writer.Complete();
        }

        AssertRefused(path, "lies outside the area");
    }

    [Fact]
    public void Page_data_beyond_the_restore_budget_is_refused_before_anything_is_decompressed()
    {
        var kernel = Microkernel.Boot();
        var ex = Assert.Throws<RestoreException>(() => new Restorer(kernel).Restore(_images.Original, new RestoreOptions { MaxResidentBytes = 4096 }));
        Assert.Contains("more than 4096 bytes of pages", ex.Message);
        Assert.Empty(kernel.Tasks);
    }

    [Fact]
    public void The_cli_prints_a_refusal_as_one_line_and_exits_2()
    {
        var path = _images.CraftThread(ImageCrafter.Runnable, thread => thread with { QuantumLeft = 1000 });
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = KernelSimCli.Run(["restore", path], new CliOutput(stdout, stderr));
        Assert.Equal(ExitCodes.BadInput, code);
        var line = Assert.Single(stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("quantum left 1000 exceeds", line);
    }

    internal static void AssertRefused(string path, string expected, RestoreOptions? options = null)
    {
        var kernel = Microkernel.Boot();
        var ex = Assert.Throws<RestoreException>(() => new Restorer(kernel).Restore(path, options ?? new RestoreOptions()));
        Assert.Contains(expected, ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.Empty(kernel.Tasks);
    }
}
