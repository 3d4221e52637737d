using System.Text.Json.Nodes;
using Snapshot.Format.Diff;
using Snapshot.Format.Kernels;
using Snapshot.Format.Layout;
using Snapshot.Format.Tests.Support;

namespace Snapshot.Format.Tests.Diff;

public sealed class ImageDifferCompareTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private ImageDiff Diff(DiffImage a, DiffImage b, KernelBuildProfile? profileB = null, IEnumerable<KernelBuildProfile>? profiles = null)
    {
        using ImageReader readerA = ImageReader.Open(a.Write(_dir.File("a.snap")));
        using ImageReader readerB = ImageReader.Open(b.Write(_dir.File("b.snap"), profileB));
        return profiles is null ? ImageDiffer.Compare(readerA, readerB) : ImageDiffer.Compare(readerA, readerB, profiles);
    }

    private static TaskDiff OnlyTask(ImageDiff diff) => Assert.Single(diff.Tasks);

    [Fact]
    public void Identical_images_have_no_differences_and_no_chunk_is_read()
    {
        string pathA = new DiffImage().Write(_dir.File("a.snap"));
        string pathB = new DiffImage().Write(_dir.File("b.snap"));
        using ImageReader a = ImageReader.Open(pathA);
        using ImageReader b = ImageReader.Open(pathB);
        long openedA = a.BytesRead, openedB = b.BytesRead;

        ImageDiff diff = ImageDiffer.Compare(a, b);

        Assert.False(diff.HasDifferences);
        TaskDiff task = OnlyTask(diff);
        Assert.Equal(ChangeKind.Unchanged, task.Kind);
        Assert.All(task.Threads, t => Assert.Equal(ChangeKind.Unchanged, t.Kind));
        Assert.All(task.Areas, area => Assert.False(area.HasDifferences));
        long chunks = a.Index.Count(e => e.Type == SectionType.MemoryChunk);
        Assert.Equal(new ChunkStatistics(chunks, chunks, chunks, ChunksRead: 0, PagesCompared: 0), diff.Chunks);
        Assert.Equal(2 * chunks, diff.Chunks.ChunksSkipped);
        // Beyond the header, footer and index, only metadata sections were read: not one byte of a chunk.
        Assert.Equal(MetadataBytes(a), a.BytesRead - openedA);
        Assert.Equal(MetadataBytes(b), b.BytesRead - openedB);
        Assert.Equal(12L, task.Areas.Sum(area => area.Memory.PagesUnchanged));
    }

    /// <summary>Bytes of the sections <see cref="ImageReader.ReadMetadata"/> reads: known sections other than chunks.</summary>
    private static long MetadataBytes(ImageReader reader) =>
        reader.Index.Where(e => !e.IsChunk && SectionNames.IsKnown(e.Type, e.Version)).Sum(e => SectionLayout.HeaderLength + e.PayloadLength);

    [Fact]
    public void A_changed_register_is_listed_with_both_values_and_nothing_else()
    {
        var a = new DiffImage();
        var b = new DiffImage();
        CanonicalThread thread = b.Thread(1);
        b.ReplaceThread(thread with { Registers = thread.Registers with { R = [.. thread.Registers.R.Select((r, i) => i == 3 ? 0xdead_beefUL : r)], Pc = 0x40_0200 } });

        ImageDiff diff = Diff(a, b);

        Assert.True(diff.HasDifferences);
        TaskDiff task = OnlyTask(diff);
        ThreadDiff changed = Assert.Single(task.Threads, t => t.HasDifferences);
        Assert.Equal(1u, changed.ThreadId);
        Assert.Equal(ComparisonForm.Canonical, changed.Form);
        Assert.Empty(changed.Fields);
        Assert.Equal([new RegisterChange("r3", 0x13, 0xdead_beef), new RegisterChange("pc", 0x40_0100, 0x40_0200)], changed.Registers);
        Assert.Equal(ChangeKind.Unchanged, task.Kind);
        Assert.False(diff.Build.HasDifferences);
        Assert.Equal(0, diff.Chunks.ChunksRead);
    }

    [Fact]
    public void Thread_state_stop_site_syscall_and_scheduling_fields_are_compared_by_name()
    {
        var a = new DiffImage();
        var b = new DiffImage();
        b.ReplaceThread(b.Thread(2) with
        {
            State = ThreadRunState.Ready,
            Flags = new HashSet<string> { "uspace" },
            StopSite = "preempt",
            Syscall = null,
            QuantumLeft = 9,
            Rank = 4,
        });
        b.Threads.Add(new CanonicalThread(7, ThreadRunState.Ready, new HashSet<string> { "uspace" }, 1, 0, 3, "preempt", DiffImage.Registers(0), null));
        b.Threads.RemoveAll(t => t.ThreadId == 1);

        TaskDiff task = OnlyTask(Diff(a, b));

        Assert.Equal([(1u, ChangeKind.Removed), (2u, ChangeKind.Changed), (7u, ChangeKind.Added)],
            task.Threads.Select(t => (t.ThreadId, t.Kind)));
        ThreadDiff changed = task.Threads[1];
        Assert.Equal(
        [
            new FieldChange("state", "blocked", "ready"),
            new FieldChange("thread_flags", "restart, uspace", "uspace"),
            new FieldChange("stop_site", "syscall_restart", "preempt"),
            new FieldChange("syscall", "sleep", "none"),
            new FieldChange("restart", "yes", "-"),
            new FieldChange("arg0", "0x0000000000000007", "-"),
            new FieldChange("arg1", "0x0000000000000000", "-"),
            new FieldChange("arg2", "0x0000000000000000", "-"),
            new FieldChange("arg3", "0x0000000000000000", "-"),
            new FieldChange("arg4", "0x0000000000000000", "-"),
            new FieldChange("quantum_left", "0", "9"),
            new FieldChange("rank", "1", "4"),
        ], changed.Fields);
    }

    [Fact]
    public void Areas_added_removed_resized_moved_and_reflagged_are_matched_by_id()
    {
        var a = new DiffImage();
        var b = new DiffImage();
        AreaRecord code = b.Areas[0], data = b.Areas[1];
        b.ReplaceArea(code with { Flags = AreaFlags.Read, Base = 0x50_0000 });
        b.ReplaceArea(data with { Size = 0x200_0000 });
        b.Areas.RemoveAll(area => area.AreaId == 3);
        b.Pages.Remove(3);
        b.Areas.Add(new AreaRecord(9, 0x3000_0000, 0x2000, AreaFlags.Read | AreaFlags.Write, AreaKind.Heap, AreaBacking.Anonymous, "heap"));
        b.Pages[9] = new() { [1] = 1 };

        TaskDiff task = OnlyTask(Diff(a, b));

        Assert.Equal([(1u, ChangeKind.Changed), (2u, ChangeKind.Changed), (3u, ChangeKind.Removed), (9u, ChangeKind.Added)],
            task.Areas.Select(area => (area.AreaId, area.Kind)));
        AreaDiff moved = task.Areas[0];
        Assert.True(moved.Moved);
        Assert.False(moved.Resized);
        Assert.Equal([new FieldChange("base", "0x0000000000400000", "0x0000000000500000"), new FieldChange("flags", "r-x", "r--")], moved.Fields);
        // Pages are matched by page number within the area, so a moved area with the same pages has no page change.
        Assert.False(moved.Memory.HasDifferences);
        Assert.Equal(3, moved.Memory.PagesUnchanged);
        Assert.Equal(new PageRange(ChangeKind.Unchanged, 0, 3, 0x50_0000, 0x50_2fff), Assert.Single(moved.Memory.Ranges));
        AreaDiff resized = task.Areas[1];
        Assert.True(resized.Resized);
        Assert.Equal([new FieldChange("size", "0x0000000001000000", "0x0000000002000000")], resized.Fields);
        Assert.Equal(new PageRange(ChangeKind.Removed, 15, 1, 0x7fff_0000_f000, 0x7fff_0000_ffff), Assert.Single(task.Areas[2].Memory.Ranges));
        Assert.Equal(new PageRange(ChangeKind.Added, 1, 1, 0x3000_1000, 0x3000_1fff), Assert.Single(task.Areas[3].Memory.Ranges));
    }

    [Fact]
    public void Pages_of_a_moved_area_are_located_in_B_except_removed_pages_which_only_A_has()
    {
        var a = new DiffImage();
        var b = new DiffImage();
        b.ReplaceArea(b.Areas[0] with { Base = 0x80_0000 });
        b.Pages[1][1] = 2;
        b.Pages[1].Remove(2);

        AreaDiff moved = OnlyTask(Diff(a, b)).Areas[0];

        Assert.Equal(
        [
            new PageRange(ChangeKind.Unchanged, 0, 1, 0x80_0000, 0x80_0fff),
            new PageRange(ChangeKind.Changed, 1, 1, 0x80_1000, 0x80_1fff),
            new PageRange(ChangeKind.Removed, 2, 1, 0x40_2000, 0x40_2fff),
        ], moved.Memory.Ranges);
    }

    [Fact]
    public void Pages_changed_added_and_removed_are_merged_into_address_ranges_reading_only_differing_chunks()
    {
        var a = new DiffImage();
        var b = new DiffImage();
        // A's data area: pages 0-3, 10 in chunk 0; 70 in chunk 1; 130-131 in chunk 2.
        SortedDictionary<ulong, int> data = b.Pages[2];
        data[2] = 2;             // changed
        data[3] = 2;             // changed
        data[4] = 1;             // added
        data[5] = 1;             // added
        data.Remove(10);         // removed
        data[11] = 0;            // written as zero: elided, so absent in both
        data.Remove(130);        // chunk 2: removed pages...
        data.Remove(131);
        data[200] = 1;           // ...and a chunk only B has (chunk 3)

        AreaDiff area = OnlyTask(Diff(a, b)).Areas.Single(x => x.AreaId == 2);

        const ulong dataBase = 0x1000_0000;
        Assert.Equal(
        [
            new PageRange(ChangeKind.Unchanged, 0, 2, dataBase, dataBase + 0x1fff),
            new PageRange(ChangeKind.Changed, 2, 2, dataBase + 0x2000, dataBase + 0x3fff),
            new PageRange(ChangeKind.Added, 4, 2, dataBase + 0x4000, dataBase + 0x5fff),
            new PageRange(ChangeKind.Removed, 10, 1, dataBase + 0xa000, dataBase + 0xafff),
            new PageRange(ChangeKind.Unchanged, 70, 1, dataBase + 0x46000, dataBase + 0x46fff),
            new PageRange(ChangeKind.Removed, 130, 2, dataBase + 0x82000, dataBase + 0x83fff),
            new PageRange(ChangeKind.Added, 200, 1, dataBase + 0xc8000, dataBase + 0xc8fff),
        ], area.Memory.Ranges);
        Assert.Equal((3L, 2L, 3L, 3L), (area.Memory.PagesUnchanged, area.Memory.PagesChanged, area.Memory.PagesAdded, area.Memory.PagesRemoved));
    }

    [Fact]
    public void Only_chunk_pairs_that_share_pages_and_differ_in_the_index_are_read()
    {
        // Version 1 chunks (format 1.2) have no page hashes: the differing pairs are decoded.
        var a = new DiffImage { Options = new ImageWriterOptions { Compatibility = FormatVersion.V1_2 } };
        var b = new DiffImage { Options = a.Options };
        b.Pages[2][2] = 2;                 // chunk 0 of the data area differs
        b.Pages[2].Remove(130);            // chunk 2 differs, and still shares page 131
        b.Pages[3] = new() { [14] = 1 };   // the stack's only chunk holds a different page: bitmaps say it all

        ImageDiff diff = Diff(a, b);

        Assert.Equal(4, diff.Chunks.ChunksRead);
        Assert.Equal(6, diff.Chunks.PagesCompared);   // pages 0-3 and 10 of chunk 0, page 131 of chunk 2
        Assert.Equal(2, diff.Chunks.ChunksIdentical);
        Assert.Equal(0, diff.Chunks.PairsComparedByPageHash);
    }

    [Fact]
    public void Version_2_chunk_pairs_that_differ_are_compared_by_page_hashes_without_decoding()
    {
        var a = new DiffImage();
        var b = new DiffImage();
        b.Pages[2][2] = 2;
        b.Pages[2].Remove(130);
        b.Pages[3] = new() { [14] = 1 };

        ImageDiff diff = Diff(a, b);

        Assert.Equal(0, diff.Chunks.ChunksRead);
        Assert.Equal(0, diff.Chunks.PagesCompared);
        Assert.Equal(2, diff.Chunks.PairsComparedByPageHash);
        Assert.Equal(6, diff.Chunks.PagesComparedByHash);
        Assert.Equal(2, diff.Chunks.ChunksIdentical);
        AreaMemoryDiff data = OnlyTask(diff).Areas.Single(x => x.AreaId == 2).Memory;
        Assert.Equal((1L, 1L), (data.PagesChanged, data.PagesRemoved));
    }

    [Fact]
    public void Different_chunk_geometries_give_the_same_ranges()
    {
        var a = new DiffImage();
        var b = new DiffImage { Options = new ImageWriterOptions { PagesPerChunk = 16 } };
        b.Pages[2][3] = 2;
        b.Pages[2].Remove(70);
        var aligned = new DiffImage();
        aligned.Pages[2][3] = 2;
        aligned.Pages[2].Remove(70);

        AreaMemoryDiff acrossGeometries = OnlyTask(Diff(a, b)).Areas.Single(x => x.AreaId == 2).Memory;
        AreaMemoryDiff sameGeometry = OnlyTask(Diff(a, aligned)).Areas.Single(x => x.AreaId == 2).Memory;

        Assert.Equal(sameGeometry.Ranges, acrossGeometries.Ranges);
        Assert.Equal(1, acrossGeometries.PagesChanged);
        Assert.Equal(1, acrossGeometries.PagesRemoved);
    }

    /// <summary>
    /// Another build of the same kernel: syscalls renumbered, stop sites at other addresses, the kernel stack
    /// frame's fields in another order.
    /// </summary>
    private static KernelBuildProfile OtherBuild() => KernelBuildProfile.Parse(ProfileText.Edited(p =>
    {
        p["build"] = "spartan-0.5";
        p["version"] = "0.5.0";
        JsonObject syscalls = p["syscalls"]!.AsObject();
        foreach (string name in syscalls.Select(s => s.Key).ToArray())
            syscalls[name] = (int)syscalls[name]! + 100;
        p["stopSites"]!["preempt"] = "0xffffffff80204a00";
        p["stopSites"]!["syscall_restart"] = "0xffffffff80207c00";
        JsonArray fields = p["structs"]!["kstack"]!["fields"]!.AsArray();
        int size = (int)p["structs"]!["kstack"]!["size"]!;
        foreach (JsonNode? field in fields)
            field!["offset"] = size - 8 - (int)field["offset"]!;   // every field is a u64: the frame reversed
    }));

    [Fact]
    public void Images_of_different_builds_compare_in_canonical_form_and_differ_only_in_the_build()
    {
        KernelBuildProfile other = OtherBuild();
        var a = new DiffImage();
        var b = new DiffImage();

        ImageDiff diff = Diff(a, b, profileB: other, profiles: [.. KernelBuildCatalog.BuiltIn, other]);

        Assert.True(diff.Build.HasDifferences);
        Assert.Equal(("spartan-0.4", "spartan-0.5"), (diff.Build.ProfileA, diff.Build.ProfileB));
        Assert.Equal(ComparisonForm.Canonical, diff.Build.Form);
        TaskDiff task = OnlyTask(diff);
        Assert.False(task.HasDifferences);
        Assert.All(task.Threads, t => Assert.Equal((ChangeKind.Unchanged, ComparisonForm.Canonical), (t.Kind, t.Form)));
        Assert.True(diff.HasDifferences);
        Assert.False(diff.Header.HasDifferences);
        Assert.False(diff.Checkpoint.HasDifferences);
    }

    [Fact]
    public void An_unknown_build_is_compared_raw_and_says_so()
    {
        KernelBuildProfile other = OtherBuild();

        ImageDiff diff = Diff(new DiffImage(), new DiffImage(), profileB: other);

        Assert.Null(diff.Build.ProfileB);
        Assert.Equal(ComparisonForm.Raw, diff.Build.Form);
        TaskDiff task = OnlyTask(diff);
        ThreadDiff thread = task.Threads[1];
        Assert.Equal((ChangeKind.Changed, ComparisonForm.Raw), (thread.Kind, thread.Form));
        Assert.Contains("B's build spartan 0.5.0", thread.RawReason, StringComparison.Ordinal);
        Assert.Contains("is unknown", thread.RawReason, StringComparison.Ordinal);
        Assert.All(thread.Fields, f => Assert.StartsWith("kernel_stack[0x", f.Field, StringComparison.Ordinal));
        Assert.Empty(thread.Registers);
    }

    [Fact]
    public void Two_images_of_the_same_unknown_build_compare_exactly_in_raw_form()
    {
        KernelBuildProfile other = OtherBuild();
        var b = new DiffImage();
        CanonicalThread thread = b.Thread(1);
        b.ReplaceThread(thread with { Registers = thread.Registers with { Sp = thread.Registers.Sp - 0x40 } });
        using ImageReader readerA = ImageReader.Open(new DiffImage().Write(_dir.File("a.snap"), other));
        using ImageReader readerB = ImageReader.Open(b.Write(_dir.File("b.snap"), other));

        ImageDiff diff = ImageDiffer.Compare(readerA, readerB);

        Assert.False(diff.Build.HasDifferences);
        TaskDiff task = OnlyTask(diff);
        Assert.Equal(ChangeKind.Unchanged, task.Kind);
        ThreadDiff changed = Assert.Single(task.Threads, t => t.HasDifferences);
        Assert.Equal(ComparisonForm.Raw, changed.Form);
        // sp sits at offset 200 in spartan-0.4's frame, reversed to 16 in this build.
        FieldChange field = Assert.Single(changed.Fields);
        Assert.Equal("kernel_stack[0x10..0x10]", field.Field);
        Assert.Equal(("f0", "b0"), (field.Before, field.After));
    }

    [Fact]
    public void Task_fields_and_the_checkpoint_set_are_compared()
    {
        var b = new DiffImage();
        b.Task = b.Task with { HeapCursor = 0x2000_4000, Flags = new HashSet<string> { "checkpointed", "restored" } };

        ImageDiff diff = Diff(new DiffImage(), b);

        TaskDiff task = OnlyTask(diff);
        Assert.Equal(ChangeKind.Changed, task.Kind);
        Assert.Equal(
        [
            new FieldChange("flags", "checkpointed", "checkpointed, restored"),
            new FieldChange("heap_cursor", "0x0000000020000000", "0x0000000020004000"),
        ], task.Fields);
        Assert.False(diff.Checkpoint.HasDifferences);
    }

    [Fact]
    public void Progress_reaches_one()
    {
        using ImageReader a = ImageReader.Open(new DiffImage().Write(_dir.File("a.snap")));
        var b = new DiffImage();
        b.Pages[2][0] = 3;
        using ImageReader readerB = ImageReader.Open(b.Write(_dir.File("b.snap")));
        var reports = new List<double>();

        ImageDiffer.Compare(a, readerB, new SynchronousProgress(reports.Add));

        Assert.NotEmpty(reports);
        Assert.Equal(1.0, reports[^1]);
        Assert.Equal(reports.Order(), reports);
    }

    [Fact]
    public void A_damaged_chunk_is_reported_with_the_image_path_section_and_offset()
    {
        // Version 1 chunks: the differing pair is decoded, so its stored bytes are read and their CRC checked.
        var version1 = new ImageWriterOptions { Compatibility = FormatVersion.V1_2 };
        using ImageReader a = ImageReader.Open(new DiffImage { Options = version1 }.Write(_dir.File("a.snap")));
        var b = new DiffImage { Options = version1 };
        b.Pages[2][0] = 3;
        string pathB = b.Write(_dir.File("b.snap"));
        long offset;
        using (ImageReader probe = ImageReader.Open(pathB))
        {
            IndexEntry chunk = probe.Index.First(e => e.Type == SectionType.MemoryChunk && e.AreaId == 2);
            offset = chunk.Offset;
            byte[] bytes = File.ReadAllBytes(pathB);
            bytes[chunk.Offset + SectionLayout.HeaderLength + chunk.PayloadLength - 1] ^= 0x10;
            File.WriteAllBytes(pathB, bytes);
        }
        using ImageReader readerB = ImageReader.Open(pathB);

        ImageDiffException ex = Assert.Throws<ImageDiffException>(() => ImageDiffer.Compare(a, readerB));

        Assert.Equal(pathB, ex.Path);
        Assert.Equal("MEMCHUNK", ex.FormatError.Section);
        Assert.Equal(offset, ex.FormatError.Offset);
        Assert.StartsWith(pathB + ": section MEMCHUNK at offset 0x", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_damaged_page_hash_is_reported_against_the_content_hash_of_its_chunk()
    {
        using ImageReader a = ImageReader.Open(new DiffImage().Write(_dir.File("a.snap")));
        var b = new DiffImage();
        b.Pages[2][0] = 3;
        string pathB = b.Write(_dir.File("b.snap"));
        long offset;
        using (ImageReader probe = ImageReader.Open(pathB))
        {
            IndexEntry chunk = probe.Index.First(e => e.Type == SectionType.MemoryChunk && e.AreaId == 2);
            offset = chunk.Offset;
            byte[] bytes = File.ReadAllBytes(pathB);
            bytes[chunk.Offset + SectionLayout.HeaderLength + 68 + 40] ^= 0x10;   // inside the second page's hash
            File.WriteAllBytes(pathB, bytes);
        }
        using ImageReader readerB = ImageReader.Open(pathB);

        ImageDiffException ex = Assert.Throws<ImageDiffException>(() => ImageDiffer.Compare(a, readerB));

        Assert.Equal(pathB, ex.Path);
        Assert.Equal("MEMCHUNK", ex.FormatError.Section);
        Assert.Equal(offset + SectionLayout.HeaderLength + 36, ex.FormatError.Offset);   // the content hash field
        Assert.Contains("content hash mismatch", ex.Message, StringComparison.Ordinal);
    }

    private sealed class SynchronousProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
