using System.Buffers.Binary;
using KernelSim.Kernel;
using KernelSim.Machine;
using KernelSim.Memory;
using KernelSim.Tests.Support;
using Snapshot.Format;

namespace KernelSim.Tests.Memory;

public sealed class MemFillTests
{
    // Creates a 1 MiB area, then mem_fill(r8 + OFFSET, LENGTH, PATTERN, SEED) with the result in r9; waits forever.
    private static string FillProgram(string offset, string length, ulong pattern, ulong seed, ulong flags = 3) => $$"""
        _start:
            li r1, 0x100000
            li r2, {{flags}}
            li r0, SYS_AREA_CREATE
            syscall
            mov r8, r0
            li r1, {{offset}}
            add r1, r1, r8
            li r2, {{length}}
            li r3, {{pattern}}
            li r4, {{seed}}
            li r0, SYS_MEM_FILL
            syscall
            mov r9, r0
        idle:
            la r1, word
            li r2, 0
            li r0, SYS_FUTEX_WAIT
            syscall
            jmp idle
        .data
        word: .quad 0
        """;

    private static (KernelTask Task, Area Heap, long Result) Run(string source)
    {
        var kernel = Microkernel.Boot();
        var task = kernel.Spawn(TestPrograms.Assemble(source));
        kernel.RunUntilExit(10_000);
        var heap = task.AddressSpace.Areas.Single(area => area.Kind == AreaKind.Heap);
        return (task, heap, (long)task.FindThread(1)!.Registers.R[9]);
    }

    [Fact]
    public void Random_fill_writes_the_SplitMix64_stream_of_the_seed_over_whole_pages()
    {
        var (_, heap, result) = Run(FillProgram("0x2000", "0x3000", (ulong)FillPattern.Random, 42));
        Assert.Equal(0, result);
        Assert.Equal(3, heap.MaterialisedPageCount);
        var bytes = new byte[0x3000];
        heap.Read(0x2000, bytes);
        var state = 42UL;
        for (var offset = 0; offset < bytes.Length; offset += 8)
        {
            Assert.Equal(TaskRandom.Next(ref state), BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(offset)));
        }
    }

    [Fact]
    public void Motif_fill_repeats_one_64_byte_motif_and_zero_fill_materialises_zero_pages()
    {
        var (_, heap, result) = Run(FillProgram("0", "0x2000", (ulong)FillPattern.Motif, 7));
        Assert.Equal(0, result);
        var bytes = new byte[0x2000];
        heap.Read(0, bytes);
        var motif = bytes.AsSpan(0, 64).ToArray();
        Assert.True(motif.AsSpan().ContainsAnyExcept((byte)0));
        for (var offset = 0; offset < bytes.Length; offset += 64)
        {
            Assert.Equal(motif, bytes.AsSpan(offset, 64).ToArray());
        }

        var (_, zeroHeap, zeroResult) = Run(FillProgram("0x1000", "0x1000", (ulong)FillPattern.Zero, 0));
        Assert.Equal(0, zeroResult);
        Assert.Equal(1, zeroHeap.MaterialisedPageCount);
        Assert.False(zeroHeap.MaterialisedPages().Single().Bytes.Span.ContainsAnyExcept((byte)0));
    }

    [Theory]
    [InlineData("0x10", "0x1000", 2UL, 3UL)]        // address not page-aligned
    [InlineData("0", "0x800", 2UL, 3UL)]            // length not whole pages
    [InlineData("0", "0", 2UL, 3UL)]                // nothing to fill
    [InlineData("0", "0x1000", 3UL, 3UL)]           // no such pattern
    [InlineData("0", "0x4001000", 2UL, 3UL)]        // more than 64 MiB in one call
    public void Bad_arguments_are_EINVAL_and_write_nothing(string offset, string length, ulong pattern, ulong flags)
    {
        var (_, heap, result) = Run(FillProgram(offset, length, pattern, 1, flags));
        Assert.Equal((long)SyscallError.Invalid, result);
        Assert.Equal(0, heap.MaterialisedPageCount);
    }

    [Theory]
    [InlineData("0xff000", "0x2000", 3UL)]          // runs past the end of the area
    [InlineData("0", "0x1000", 1UL)]                // a read-only area
    [InlineData("0x200000", "0x1000", 3UL)]         // beyond the area, in the guard gap
    public void A_range_outside_one_writable_area_is_EFAULT_and_writes_nothing(string offset, string length, ulong flags)
    {
        var (_, heap, result) = Run(FillProgram(offset, length, (ulong)FillPattern.Random, 1, flags));
        Assert.Equal((long)SyscallError.Fault, result);
        Assert.Equal(0, heap.MaterialisedPageCount);
    }
}
