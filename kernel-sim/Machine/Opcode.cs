namespace KernelSim.Machine;

/// <summary>
/// The first byte of every 8-byte instruction. Values are grouped by kind (0x1_ register ALU,
/// 0x2_ immediate ALU, 0x4_ memory, 0x6_ branches, 0x7_ calls and the stack); 0x00 is deliberately
/// not an instruction, so running into zero-filled memory faults instead of sliding along.
/// See kernel-sim/ISA.md for the semantics of each.
/// </summary>
public enum Opcode : byte
{
    Nop = 0x01,
    Syscall = 0x02,

    Add = 0x10,
    Sub = 0x11,
    Mul = 0x12,
    Divu = 0x13,
    Remu = 0x14,
    And = 0x15,
    Or = 0x16,
    Xor = 0x17,
    Shl = 0x18,
    Shr = 0x19,
    Sar = 0x1A,
    Not = 0x1B,
    Neg = 0x1C,

    Addi = 0x20,
    Subi = 0x21,
    Muli = 0x22,
    Divui = 0x23,
    Remui = 0x24,
    Andi = 0x25,
    Ori = 0x26,
    Xori = 0x27,
    Shli = 0x28,
    Shri = 0x29,
    Sari = 0x2A,

    Ldi = 0x30,
    Ldhi = 0x31,

    Ldb = 0x40,
    Ldw = 0x41,
    Ldq = 0x42,
    Ldsb = 0x43,
    Ldsw = 0x44,
    LdqTls = 0x45,
    Stb = 0x48,
    Stw = 0x49,
    Stq = 0x4A,
    StqTls = 0x4D,

    Rdtls = 0x50,
    Wrtls = 0x51,

    Xchg = 0x58,
    Cas = 0x59,

    Jmp = 0x60,
    Beq = 0x61,
    Bne = 0x62,
    Blt = 0x63,
    Bge = 0x64,
    Bltu = 0x65,
    Bgeu = 0x66,
    Bgt = 0x67,
    Ble = 0x68,
    Bgtu = 0x69,
    Bleu = 0x6A,
    Jr = 0x6B,

    Call = 0x70,
    Callr = 0x71,
    Ret = 0x72,
    Push = 0x74,
    Pop = 0x75,

    Cmp = 0x78,
    Cmpi = 0x79,
}
