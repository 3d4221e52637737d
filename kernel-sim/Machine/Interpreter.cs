using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace KernelSim.Machine;

/// <summary>
/// The CPU: executes one instruction at a time against a thread's registers and its task's
/// address space. It keeps no state of its own, so the kernel may switch threads between any
/// two steps, and a faulting instruction changes nothing (pc still points at it).
/// </summary>
public static class Interpreter
{
    // Per opcode byte: the largest value each register field may hold (16 = any register incl. sp,
    // 0 = unused, must be zero), whether imm may be nonzero, and whether the opcode exists at all.
    private const uint ImmAllowed = 1u << 24, Defined = 1u << 31;
    private static readonly uint[] s_fieldLimits = BuildFieldLimits();

    /// <summary>
    /// Executes one instruction of the thread whose registers are given. On <see cref="StepResult.Syscall"/>,
    /// pc already points past the syscall instruction. On <see cref="StepResult.Fault"/>, no register
    /// or memory changed and <paramref name="fault"/> says why ("read fault at 0x..", "bad opcode 0x.. at 0x..").
    /// </summary>
    public static StepResult Step(RegisterFile registers, IAddressSpace memory, out string? fault)
    {
        ulong pc = registers.Pc;
        Span<byte> buffer = stackalloc byte[InstructionSet.InstructionSize];
        if (!memory.TryFetch(pc, buffer))
            return Fail($"fetch fault at 0x{pc:x}", out fault);

        byte op = buffer[InstructionSet.OpcodeOffset];
        byte rd = buffer[InstructionSet.RdOffset], rs = buffer[InstructionSet.RsOffset], rt = buffer[InstructionSet.RtOffset];
        int imm32 = BinaryPrimitives.ReadInt32LittleEndian(buffer[InstructionSet.ImmOffset..]);
        ulong imm = (ulong)(long)imm32;

        uint limits = s_fieldLimits[op];
        if (limits == 0)
            return Fail($"bad opcode 0x{op:x2} at 0x{pc:x}", out fault);
        if (rd > (byte)limits || rs > (byte)(limits >> 8) || rt > (byte)(limits >> 16) || (imm32 != 0 && (limits & ImmAllowed) == 0))
            return Fail($"bad operand fields in '{InstructionSet.MnemonicOf((Opcode)op)}' at 0x{pc:x}", out fault);

        ulong next = pc + InstructionSet.InstructionSize;
        Span<byte> data = buffer; // the instruction is decoded; reuse its bytes for memory operands
        fault = null;

        switch ((Opcode)op)
        {
            case Opcode.Nop:
                break;
            case Opcode.Syscall:
                registers.Pc = next;
                return StepResult.Syscall;

            case Opcode.Add: Set(registers, rd, Get(registers, rs) + Get(registers, rt)); break;
            case Opcode.Sub: Set(registers, rd, Get(registers, rs) - Get(registers, rt)); break;
            case Opcode.Mul: Set(registers, rd, Get(registers, rs) * Get(registers, rt)); break;
            case Opcode.Divu:
            case Opcode.Remu:
            {
                ulong divisor = Get(registers, rt);
                if (divisor == 0)
                    return Fail($"division by zero at 0x{pc:x}", out fault);
                ulong dividend = Get(registers, rs);
                Set(registers, rd, (Opcode)op == Opcode.Divu ? dividend / divisor : dividend % divisor);
                break;
            }
            case Opcode.And: Set(registers, rd, Get(registers, rs) & Get(registers, rt)); break;
            case Opcode.Or: Set(registers, rd, Get(registers, rs) | Get(registers, rt)); break;
            case Opcode.Xor: Set(registers, rd, Get(registers, rs) ^ Get(registers, rt)); break;
            case Opcode.Shl: Set(registers, rd, Get(registers, rs) << (int)(Get(registers, rt) & 63)); break;
            case Opcode.Shr: Set(registers, rd, Get(registers, rs) >> (int)(Get(registers, rt) & 63)); break;
            case Opcode.Sar: Set(registers, rd, (ulong)((long)Get(registers, rs) >> (int)(Get(registers, rt) & 63))); break;
            case Opcode.Not: Set(registers, rd, ~Get(registers, rs)); break;
            case Opcode.Neg: Set(registers, rd, 0 - Get(registers, rs)); break;

            case Opcode.Addi: Set(registers, rd, Get(registers, rs) + imm); break;
            case Opcode.Subi: Set(registers, rd, Get(registers, rs) - imm); break;
            case Opcode.Muli: Set(registers, rd, Get(registers, rs) * imm); break;
            case Opcode.Divui:
            case Opcode.Remui:
            {
                if (imm == 0)
                    return Fail($"division by zero at 0x{pc:x}", out fault);
                ulong dividend = Get(registers, rs);
                Set(registers, rd, (Opcode)op == Opcode.Divui ? dividend / imm : dividend % imm);
                break;
            }
            case Opcode.Andi: Set(registers, rd, Get(registers, rs) & imm); break;
            case Opcode.Ori: Set(registers, rd, Get(registers, rs) | imm); break;
            case Opcode.Xori: Set(registers, rd, Get(registers, rs) ^ imm); break;
            case Opcode.Shli: Set(registers, rd, Get(registers, rs) << (int)(imm & 63)); break;
            case Opcode.Shri: Set(registers, rd, Get(registers, rs) >> (int)(imm & 63)); break;
            case Opcode.Sari: Set(registers, rd, (ulong)((long)Get(registers, rs) >> (int)(imm & 63))); break;

            case Opcode.Ldi: Set(registers, rd, imm); break;
            case Opcode.Ldhi: Set(registers, rd, (Get(registers, rd) & 0xFFFF_FFFF) | ((ulong)(uint)imm32 << 32)); break;

            case Opcode.Ldb:
            case Opcode.Ldw:
            case Opcode.Ldq:
            case Opcode.Ldsb:
            case Opcode.Ldsw:
            case Opcode.LdqTls:
            {
                ulong address = ((Opcode)op == Opcode.LdqTls ? registers.Tls : Get(registers, rs)) + imm;
                Span<byte> target = data[..AccessSize((Opcode)op)];
                if (!memory.TryRead(address, target))
                    return Fail($"read fault at 0x{address:x}", out fault);
                Set(registers, rd, (Opcode)op switch
                {
                    Opcode.Ldb => target[0],
                    Opcode.Ldsb => (ulong)(long)(sbyte)target[0],
                    Opcode.Ldw => BinaryPrimitives.ReadUInt32LittleEndian(target),
                    Opcode.Ldsw => (ulong)(long)BinaryPrimitives.ReadInt32LittleEndian(target),
                    _ => BinaryPrimitives.ReadUInt64LittleEndian(target),
                });
                break;
            }
            case Opcode.Stb:
            case Opcode.Stw:
            case Opcode.Stq:
            case Opcode.StqTls:
            {
                ulong address = ((Opcode)op == Opcode.StqTls ? registers.Tls : Get(registers, rs)) + imm;
                Span<byte> source = data[..AccessSize((Opcode)op)];
                BinaryPrimitives.WriteUInt64LittleEndian(data, Get(registers, rd)); // little-endian: the low bytes come first
                if (!memory.TryWrite(address, source))
                    return Fail($"write fault at 0x{address:x}", out fault);
                break;
            }

            case Opcode.Rdtls: Set(registers, rd, registers.Tls); break;
            case Opcode.Wrtls: registers.Tls = Get(registers, rs); break;

            case Opcode.Xchg:
            {
                // One instruction, and the kernel preempts only between instructions: atomic on this uniprocessor.
                ulong address = Get(registers, rs) + imm;
                if (!memory.TryRead(address, data))
                    return Fail($"read fault at 0x{address:x}", out fault);
                ulong old = BinaryPrimitives.ReadUInt64LittleEndian(data);
                BinaryPrimitives.WriteUInt64LittleEndian(data, Get(registers, rd));
                if (!memory.TryWrite(address, data))
                    return Fail($"write fault at 0x{address:x}", out fault);
                Set(registers, rd, old);
                break;
            }
            case Opcode.Cas:
            {
                ulong address = Get(registers, rs) + imm;
                if (!memory.TryRead(address, data))
                    return Fail($"read fault at 0x{address:x}", out fault);
                ulong old = BinaryPrimitives.ReadUInt64LittleEndian(data);
                ulong expected = Get(registers, rd);
                if (old == expected)
                {
                    BinaryPrimitives.WriteUInt64LittleEndian(data, Get(registers, rt));
                    if (!memory.TryWrite(address, data))
                        return Fail($"write fault at 0x{address:x}", out fault);
                }
                registers.Flags = Compare(old, expected);
                Set(registers, rd, old);
                break;
            }

            case Opcode.Jmp: next = pc + imm; break;
            case Opcode.Beq: if (Has(registers, CpuFlags.Zero)) next = pc + imm; break;
            case Opcode.Bne: if (!Has(registers, CpuFlags.Zero)) next = pc + imm; break;
            case Opcode.Blt: if (Has(registers, CpuFlags.Less)) next = pc + imm; break;
            case Opcode.Bge: if (!Has(registers, CpuFlags.Less)) next = pc + imm; break;
            case Opcode.Bltu: if (Has(registers, CpuFlags.Below)) next = pc + imm; break;
            case Opcode.Bgeu: if (!Has(registers, CpuFlags.Below)) next = pc + imm; break;
            case Opcode.Bgt: if (!Has(registers, CpuFlags.Less) && !Has(registers, CpuFlags.Zero)) next = pc + imm; break;
            case Opcode.Ble: if (Has(registers, CpuFlags.Less) || Has(registers, CpuFlags.Zero)) next = pc + imm; break;
            case Opcode.Bgtu: if (!Has(registers, CpuFlags.Below) && !Has(registers, CpuFlags.Zero)) next = pc + imm; break;
            case Opcode.Bleu: if (Has(registers, CpuFlags.Below) || Has(registers, CpuFlags.Zero)) next = pc + imm; break;
            case Opcode.Jr: next = Get(registers, rs); break;

            case Opcode.Call:
            case Opcode.Callr:
            case Opcode.Push:
            {
                ulong value = (Opcode)op == Opcode.Push ? Get(registers, rs) : next;
                ulong sp = registers.Sp - 8;
                BinaryPrimitives.WriteUInt64LittleEndian(data, value);
                if (!memory.TryWrite(sp, data))
                    return Fail($"write fault at 0x{sp:x}", out fault);
                if ((Opcode)op == Opcode.Call)
                    next = pc + imm;
                else if ((Opcode)op == Opcode.Callr)
                    next = Get(registers, rs);
                registers.Sp = sp;
                break;
            }
            case Opcode.Ret:
            case Opcode.Pop:
            {
                ulong sp = registers.Sp;
                if (!memory.TryRead(sp, data))
                    return Fail($"read fault at 0x{sp:x}", out fault);
                ulong value = BinaryPrimitives.ReadUInt64LittleEndian(data);
                registers.Sp = sp + 8;
                if ((Opcode)op == Opcode.Ret)
                    next = value;
                else
                    Set(registers, rd, value); // pop sp: the loaded value wins over the increment
                break;
            }

            case Opcode.Cmp: registers.Flags = Compare(Get(registers, rs), Get(registers, rt)); break;
            case Opcode.Cmpi: registers.Flags = Compare(Get(registers, rs), imm); break;

            default:
                // Unreachable while s_fieldLimits and this switch agree; fail loudly rather than skip.
                return Fail($"bad opcode 0x{op:x2} at 0x{pc:x}", out fault);
        }

        registers.Pc = next;
        return StepResult.Executed;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Get(RegisterFile registers, byte index) =>
        index < RegisterFile.GeneralCount ? registers.R[index] : registers.Sp;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Set(RegisterFile registers, byte index, ulong value)
    {
        if (index < RegisterFile.GeneralCount)
            registers.R[index] = value;
        else
            registers.Sp = value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Has(RegisterFile registers, CpuFlags flag) => (registers.Flags & (ulong)flag) != 0;

    private static ulong Compare(ulong left, ulong right) => (ulong)(
        (left == right ? CpuFlags.Zero : CpuFlags.None)
        | ((long)left < (long)right ? CpuFlags.Less : CpuFlags.None)
        | (left < right ? CpuFlags.Below : CpuFlags.None));

    private static int AccessSize(Opcode opcode) => opcode switch
    {
        Opcode.Ldb or Opcode.Ldsb or Opcode.Stb => 1,
        Opcode.Ldw or Opcode.Ldsw or Opcode.Stw => 4,
        _ => 8,
    };

    private static StepResult Fail(string reason, out string? fault)
    {
        fault = reason;
        return StepResult.Fault;
    }

    private static uint[] BuildFieldLimits()
    {
        var limits = new uint[256];
        foreach (var opcode in InstructionSet.Opcodes)
        {
            var (rd, rs, rt, imm) = InstructionSet.FieldsOf(InstructionSet.FormOf(opcode));
            limits[(byte)opcode] = Defined
                | (rd ? InstructionSet.StackPointer : 0u)
                | (rs ? (uint)InstructionSet.StackPointer << 8 : 0u)
                | (rt ? (uint)InstructionSet.StackPointer << 16 : 0u)
                | (imm ? ImmAllowed : 0u);
        }
        return limits;
    }
}
