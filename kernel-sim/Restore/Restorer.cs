using KernelSim.Checkpoint;
using KernelSim.Kernel;
using KernelSim.Reporting;
using Snapshot.Format;
using Snapshot.Format.Chains;
using Snapshot.Format.Kernels;
using Snapshot.Format.Repair;
using Snapshot.Format.Validation;
using Snapshot.Format.Signing;

namespace KernelSim.Restore;

/// <summary>
/// Re-creates the tasks of an image in a running kernel. Everything is read and validated, and every
/// task is rebuilt off to the side, before the kernel is touched: a refused image leaves no trace.
/// </summary>
public sealed class Restorer
{
    private readonly Microkernel _kernel;

    public Restorer(Microkernel kernel) => _kernel = kernel;

    /// <summary>Restores every task of the image at <paramref name="path"/>; throws <see cref="RestoreException"/> when it cannot.</summary>
    public RestoreResult Restore(string path) => Restore(path, new RestoreOptions());

    /// <summary>Restores every task of the image at <paramref name="path"/> under <paramref name="options"/>; throws <see cref="RestoreException"/> when it cannot.</summary>
    public RestoreResult Restore(string path, RestoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.RequireSignature && options.VerifyKey is null)
        {
            throw new ArgumentException("requiring a signature needs a key to verify it with", nameof(options));
        }

        try
        {
            // An incremental image comes with its ancestors, each checked by image id, or not at all.
            using var chain = ImageChain.Open(path);
            var reader = chain.Image;
            var baselineId = ImageId.Compute(reader);
            RefuseOtherBuild(path, reader.Header.Build);
            CheckSignature(path, reader, options);
            var metadata = reader.ReadMetadata();
            RefuseRepaired(path, reader.Header, metadata, options);
            CheckResidentBudget(path, reader, options);
            if (metadata.Tasks.Count == 0)
            {
                throw new RestoreException($"image {path}: contains no task");
            }

            var checkpointSet = metadata.Checkpoint.TaskIds.Order().ToArray();
            var present = metadata.Tasks.Select(task => task.Task.TaskId).Order().ToArray();
            if (!checkpointSet.SequenceEqual(present))
            {
                throw new RestoreException($"image {path}: the checkpoint set names tasks [{string.Join(", ", checkpointSet)}] but the image holds [{string.Join(", ", present)}]");
            }

            // Before any task is rebuilt: an image may name up to 65536 tasks.
            if (_kernel.ActiveTaskCount + metadata.Tasks.Count > KernelLimits.MaxTasks)
            {
                throw new RestoreException($"image {path}: restoring {metadata.Tasks.Count} tasks would exceed {KernelLimits.MaxTasks} tasks");
            }

            var external = metadata.External;
            if (external is not null)
            {
                // The trust boundary: every cross reference of the external state, checked by the format's validator
                // before the kernel-specific checks below.
                var report = ImageValidator.Validate(path);
                if (!report.IsValid)
                {
                    throw new RestoreException($"image {path}: {report.Problems[0]}");
                }
            }

            var reserved = new HashSet<ulong>();
            var plans = new List<TaskRebuild>();
            foreach (var taskMetadata in metadata.Tasks)
            {
                var imageId = taskMetadata.Task.TaskId;
                var id = ChooseTaskId(imageId, reserved);
                reserved.Add(id);
                plans.Add(TaskRebuild.Build(_kernel, reader, taskMetadata, id, path, external is not null));
            }

            TaskRebuild.CheckRanks(path, plans);
            var set = external is null ? null : SetRestore.Plan(_kernel, path, external, plans, options);

            // Nothing has touched the kernel so far; from here on nothing can fail.
            set?.PreparePhones();
            var restored = plans.Select(plan => plan.Install(_kernel)).ToArray();
            set?.Apply();
            StartThreads(plans);
            DirtyTracking.Reset(_kernel, baselineId, restored.Select(task => (task.Task, task.ImageTaskId)));
            _kernel.PumpNativeTasks();
            return new RestoreResult(path, restored) { Notes = set?.Notes ?? [] };
        }
        catch (SnapshotFormatException ex)
        {
            throw new RestoreException($"image {path}: {ex.Message}", ex);
        }
        catch (ChainException ex)
        {
            throw new RestoreException(ex.Message, ex);
        }
        catch (ZstdUnavailableException ex)
        {
            throw new RestoreException(ex.Message, ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RestoreException($"cannot read image {path}: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Runnable threads queued and undone syscalls re-entered across every task of the image in rank order, at zero
    /// ticks: the interleaving of the set's threads is the one the checkpoint saw.
    /// </summary>
    private void StartThreads(IReadOnlyList<TaskRebuild> plans)
    {
        foreach (var (thread, state) in plans.SelectMany(plan => plan.Runnable).OrderBy(entry => entry.State.Rank))
        {
            thread.QuantumLeft = state.QuantumLeft;
            if (state.State == ThreadRunState.Running && _kernel.RunQueue.Current is null)
            {
                // Caught mid-quantum: it keeps the CPU for the rest of its quantum, as it would have.
                _kernel.RunQueue.SetCurrent(thread);
            }
            else
            {
                _kernel.RunQueue.Enqueue(thread);
            }
        }

        foreach (var (thread, state) in plans.SelectMany(plan => plan.Restarted).OrderBy(entry => entry.State.Rank))
        {
            _kernel.Syscalls.Restart(thread, state.Syscall!.Name, state.Syscall.Args);
        }
    }

    /// <summary>The one-line refusal for an image of another kernel build, naming both builds and the conversion command.</summary>
    public static string BuildMismatchMessage(string path, KernelBuildStamp image, KernelBuildStamp running, string runningBuild)
    {
        var output = Path.ChangeExtension(path, null) + "." + runningBuild + ".snap";
        return $"image {path} was written by kernel build {image.Display}, but this kernel is {running.Display}; " +
               $"convert it first: snapupgrade {path} -o {output} --to {runningBuild}";
    }

    /// <summary>The one-line refusal of a repaired image: what the repair lost, and the option that accepts it.</summary>
    public static string RepairedMessage(string path, RepairRecord? record) =>
        $"image {path} was rebuilt by snaprepair and lost {DescribeLoss(record)}; restore it anyway with --accept-repaired";

    private static string DescribeLoss(RepairRecord? record)
    {
        if (record is null || (record.Sections.Count == 0 && record.Tasks.Count == 0 && record.Pages.Count == 0))
        {
            return "nothing itself, but it carries the mark of an earlier repair";
        }

        const int shown = 3;
        static string More(int count) => count > shown ? $", ... {count - shown} more" : "";
        var parts = new List<string>();
        if (record.Tasks.Count > 0)
        {
            parts.Add($"{Quantity.Of(record.Tasks.Count, "task")} ({string.Join(", ", record.Tasks.Take(shown).Select(task => $"task {task.TaskId}: {task.Reason}"))}{More(record.Tasks.Count)})");
        }

        if (record.Pages.Count > 0)
        {
            parts.Add($"{Quantity.Of((long)record.LostPageCount, "page")} ({string.Join(", ", record.Pages.Take(shown).Select(range => $"task {range.TaskId} area {range.AreaId} pages {range.FirstPage}-{range.LastPage} {range.Disposition.ToString().ToLowerInvariant()}"))}{More(record.Pages.Count)})");
        }

        if (record.Sections.Count > 0)
        {
            parts.Add($"{Quantity.Of(record.Sections.Count, "section")} ({string.Join(", ", record.Sections.Take(shown).Select(section => $"{section.Name} at 0x{section.Offset:x}"))}{More(record.Sections.Count)})");
        }

        return string.Join(", ", parts);
    }

    private static void RefuseRepaired(string path, ImageHeader header, ImageMetadata metadata, RestoreOptions options)
    {
        if ((header.Features.Incompatible & Features.IncompatRepaired) != 0 && !options.AcceptRepaired)
        {
            throw new RestoreException(RepairedMessage(path, metadata.Repair));
        }
    }

    // Verified through the reader's own handle: what is verified is what gets restored.
    private static void CheckSignature(string path, ImageReader reader, RestoreOptions options)
    {
        if (options.VerifyKey is not { } key)
        {
            return;
        }

        var verification = ImageSignatures.Verify(reader, key);
        switch (verification.Status)
        {
            case SignatureStatus.Verified:
                return;
            case SignatureStatus.Unsigned when !options.RequireSignature:
                return;
            case SignatureStatus.Unsigned:
                throw new RestoreException($"image {path} is not signed, and a signature is required");
            default:
                throw new RestoreException($"image {path}: signature check failed: {verification.Message}");
        }
    }

    // From the index alone, before a single chunk is decompressed: a few KiB of zstd can claim gigabytes of pages.
    private static void CheckResidentBudget(string path, ImageReader reader, RestoreOptions options)
    {
        ulong pageSize = reader.Header.Build.PageSize;
        ulong total = 0;
        foreach (var entry in reader.Index)
        {
            if (entry.Type == SectionType.MemoryChunk)
            {
                total += (ulong)entry.PresentPages * pageSize;
                if (total > options.MaxResidentBytes)
                {
                    throw new RestoreException($"image {path}: its memory chunks hold more than {options.MaxResidentBytes} bytes of pages, this restore's limit");
                }
            }
        }
    }

    private void RefuseOtherBuild(string path, KernelBuildStamp image)
    {
        var running = _kernel.Profile.Stamp;
        if (!image.Equals(running))
        {
            throw new RestoreException(BuildMismatchMessage(path, image, running, _kernel.Profile.Build));
        }
    }

    // The image's id when no live task holds it, as a restarted process keeps its pid; otherwise the
    // next free id (the caller reports the change).
    private ulong ChooseTaskId(ulong imageId, HashSet<ulong> reserved)
    {
        if (_kernel.IsTaskIdFree(imageId) && !reserved.Contains(imageId))
        {
            return imageId;
        }

        return _kernel.PeekFreeTaskId(reserved);
    }
}
