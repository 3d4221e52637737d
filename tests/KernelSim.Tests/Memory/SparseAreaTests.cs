using KernelSim.Checkpoint;
using KernelSim.Kernel;
using KernelSim.Memory;
using KernelSim.Restore;
using KernelSim.Tests.Support;
using Snapshot.Format;

namespace KernelSim.Tests.Memory;

public sealed class SparseAreaTests
{
    // A 32 GiB area with a handful of pages written far apart (a word at the start, a random fill at 8 GiB, a word
    // in the middle and one at the very end); then the task waits on a futex forever.
    private const string SparseProgram = """
        _start:
            li r1, 0x800000000
            li r2, AREA_READ + AREA_WRITE
            li r0, SYS_AREA_CREATE
            syscall
            mov r8, r0
            li r3, 0x1111
            stq r3, [r8]
            li r1, 0x200000000
            add r1, r1, r8
            li r2, 0x4000
            li r3, 2
            li r4, 99
            li r0, SYS_MEM_FILL
            syscall
            li r4, 0x400000000
            add r4, r4, r8
            li r3, 0x2222
            stq r3, [r4+4088]
            li r4, 0x7fffffff8
            add r4, r4, r8
            li r3, 0x3333
            stq r3, [r4]
        idle:
            la r1, word
            li r2, 0
            li r0, SYS_FUTEX_WAIT
            syscall
            jmp idle
        .data
        word: .quad 0
        """;

    [Fact]
    public void A_32_GiB_area_with_a_few_written_pages_checkpoints_and_restores_those_pages_only()
    {
        using var temp = new TempDirectory();
        var kernel = Microkernel.Boot();
        var task = kernel.Spawn(TestPrograms.Assemble(SparseProgram));
        Assert.Equal(RunStop.Deadlock, kernel.RunUntilExit(10_000).Stop);
        var heap = task.AddressSpace.Areas.Single(area => area.Kind == AreaKind.Heap);
        Assert.Equal(32UL << 30, heap.Size);
        Assert.Equal(7, heap.MaterialisedPageCount);

        var image = temp.File("sparse.snap");
        new Checkpointer(kernel).Checkpoint(task.Id, image, kill: false);
        Assert.InRange(new FileInfo(image).Length, 1, 256 * 1024);

        var fresh = Microkernel.Boot();
        var restored = new Restorer(fresh).Restore(image).Tasks[0].Task;
        var restoredHeap = restored.AddressSpace.FindById(heap.Id)!;
        Assert.Equal(heap.Size, restoredHeap.Size);
        Assert.Equal(Pages(heap), Pages(restoredHeap));
        var word = new byte[8];
        Assert.True(restored.AddressSpace.TryRead(heap.End - 8, word));
        Assert.Equal(0x3333UL, BitConverter.ToUInt64(word));
    }

    private static (ulong Index, string Bytes)[] Pages(Area area) =>
        [.. area.MaterialisedPages().Select(page => (page.PageIndex, Convert.ToHexString(page.Bytes.Span)))];
}
