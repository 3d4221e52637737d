using System.Buffers.Binary;
using KernelSim.Machine;
using static KernelSim.Tests.Machine.Encode;

namespace KernelSim.Tests.Machine;

public sealed class InterpreterThroughputTests
{
    /// <summary>An allocation-free address space: one executable and one writable array.</summary>
    private sealed class FlatMemory(byte[] code, byte[] data) : IAddressSpace
    {
        public const ulong DataBase = 0x10_0000;

        public bool TryFetch(ulong address, Span<byte> destination) => Copy(code, address, destination);

        public bool TryRead(ulong address, Span<byte> destination) =>
            address >= DataBase ? Copy(data, address - DataBase, destination) : Copy(code, address, destination);

        public bool TryWrite(ulong address, ReadOnlySpan<byte> source)
        {
            if (address < DataBase || address - DataBase > (ulong)data.Length - (ulong)source.Length)
                return false;
            source.CopyTo(data.AsSpan((int)(address - DataBase)));
            return true;
        }

        private static bool Copy(byte[] from, ulong address, Span<byte> destination)
        {
            if (address > (ulong)from.Length - (ulong)destination.Length)
                return false;
            from.AsSpan((int)address, destination.Length).CopyTo(destination);
            return true;
        }
    }

    [Fact]
    public void Steps_do_not_allocate()
    {
        // loop: ldq r2,[r1]; addi r2,r2,1; stq r2,[r1]; push r2; pop r3; cmp r2, r4; bltu loop
        byte[][] loop =
        [
            Instruction(Opcode.Ldq, rd: 2, rs: 1),
            Instruction(Opcode.Addi, rd: 2, rs: 2, imm: 1),
            Instruction(Opcode.Stq, rd: 2, rs: 1),
            Instruction(Opcode.Push, rs: 2),
            Instruction(Opcode.Pop, rd: 3),
            Instruction(Opcode.Cmp, rs: 2, rt: 4),
            Instruction(Opcode.Bltu, imm: -48),
        ];
        var memory = new FlatMemory(loop.SelectMany(i => i).ToArray(), new byte[4096]);
        var registers = new RegisterFile { Sp = FlatMemory.DataBase + 4096 };
        registers.R[1] = FlatMemory.DataBase;
        registers.R[4] = 10_000;

        Interpreter.Step(registers, memory, out _); // warm up: static tables, JIT
        long before = GC.GetAllocatedBytesForCurrentThread();
        int steps = 1;
        while (registers.Pc < (ulong)(loop.Length * 8) && Interpreter.Step(registers, memory, out _) == StepResult.Executed)
            steps++;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(70_000, steps);
        var counter = new byte[8];
        Assert.True(memory.TryRead(FlatMemory.DataBase, counter));
        Assert.Equal(10_000UL, BinaryPrimitives.ReadUInt64LittleEndian(counter));
    }
}
