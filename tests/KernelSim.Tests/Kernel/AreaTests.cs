using KernelSim.Kernel;
using KernelSim.Machine;
using KernelSim.Memory;
using KernelSim.Tests.Support;
using Snapshot.Format;

namespace KernelSim.Tests.Kernel;

public sealed class AreaTests
{
    private const string GigabyteArea = """
        _start:
            li r1, 0x40000000
            li r2, AREA_READ + AREA_WRITE
            li r0, SYS_AREA_CREATE
            syscall
            mov r8, r0
            li r5, 0x3ffffff8
            add r6, r8, r5
            li r7, 42
            stq r7, [r6]
            ldq r9, [r6]
            ldq r12, [r8+64]
            li r1, 4096
            li r2, 4
            li r0, SYS_AREA_CREATE
            syscall
            mov r10, r0
            mov r1, r8
            li r2, 8192
            li r0, SYS_AREA_RESIZE
            syscall
            mov r11, r0
        done:
            jmp done
        """;

    [Fact]
    public void A_gigabyte_area_costs_one_page_after_one_write_and_reads_zero_elsewhere()
    {
        var kernel = Microkernel.Boot();
        var task = kernel.Spawn(TestPrograms.Assemble(GigabyteArea));
        kernel.Run(11);
        var main = task.FindThread(1)!;
        Assert.Equal(AddressSpaceLayout.HeapBase, main.Registers.R[8]);
        Assert.Equal(42UL, main.Registers.R[9]);
        Assert.Equal(0UL, main.Registers.R[12]);
        var heap = task.AddressSpace.FindByBase(AddressSpaceLayout.HeapBase)!;
        Assert.Equal((AreaKind.Heap, 0x4000_0000UL, 1), (heap.Kind, heap.Size, heap.MaterialisedPageCount));
        Assert.Equal(AddressSpaceLayout.HeapBase + 0x4000_0000 + AddressSpaceLayout.GuardSize, task.HeapCursor);
    }

    [Fact]
    public void Area_create_rejects_bad_flags_and_resize_drops_pages_beyond_the_new_end()
    {
        var kernel = Microkernel.Boot();
        var task = kernel.Spawn(TestPrograms.Assemble(GigabyteArea));
        kernel.Run(100);
        var main = task.FindThread(1)!;
        Assert.Equal(unchecked((ulong)(long)SyscallError.Invalid), main.Registers.R[10]);
        Assert.Equal(0UL, main.Registers.R[11]);
        var heap = task.AddressSpace.FindByBase(AddressSpaceLayout.HeapBase)!;
        Assert.Equal((8192UL, 0), (heap.Size, heap.MaterialisedPageCount));
    }

    [Fact]
    public void Spawn_maps_code_and_data_from_the_program_and_a_stack_for_the_main_thread()
    {
        var kernel = Microkernel.Boot();
        var program = TestPrograms.Assemble(TestPrograms.Spin + "\n.data\nvalue: .quad 7\n");
        var task = kernel.Spawn(program, argument: 99);
        var areas = task.AddressSpace.Areas.OrderBy(area => area.Id).Select(area => (area.Id, area.Kind, area.Flags, area.Backing)).ToArray();
        Assert.Equal(
            [
                (1U, AreaKind.Code, AreaFlags.Read | AreaFlags.Execute, AreaBacking.Program),
                (2U, AreaKind.Data, AreaFlags.Read | AreaFlags.Write, AreaBacking.Program),
                (3U, AreaKind.Stack, AreaFlags.Read | AreaFlags.Write, AreaBacking.Anonymous),
            ],
            areas);
        var main = task.FindThread(1)!;
        Assert.Equal(program.Entry, main.Registers.Pc);
        Assert.Equal(99UL, main.Registers.R[1]);
        Assert.Equal(AddressSpaceLayout.StackTop, main.Registers.Sp);
        Assert.Equal(3U, main.StackAreaId);
    }

    [Fact]
    public void Code_is_not_writable_and_data_is_not_executable()
    {
        var space = Microkernel.Boot().Spawn(TestPrograms.Assemble(TestPrograms.Spin + "\n.data\nvalue: .quad 7\n")).AddressSpace;
        Span<byte> word = stackalloc byte[8];
        Assert.False(space.TryWrite(0x40_0000, word));
        Assert.True(space.TryFetch(0x40_0000, word));
        Assert.False(space.TryFetch(0x1000_0000, word));
        Assert.True(space.TryRead(0x1000_0000, word));
        Assert.Equal(7, word[0]);
        Assert.False(space.TryRead(0x1000_0000 + 4092, word)); // straddles the end of the data area
        Assert.False(space.TryRead(0, word));
    }
}
