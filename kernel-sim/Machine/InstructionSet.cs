using System.Collections.Frozen;

namespace KernelSim.Machine;

/// <summary>
/// The one definition of the instruction set shared by the CPU (which fields each opcode may
/// use) and the assembler (mnemonics and operand syntax). Encoding of every instruction, 8 bytes:
/// <c>[0] opcode, [1] rd, [2] rs, [3] rt, [4..8) imm32 little-endian, sign-extended</c>.
/// Register fields hold 0..15 for r0..r15 and 16 for sp.
/// </summary>
public static class InstructionSet
{
    /// <summary>Every instruction is this many bytes.</summary>
    public const int InstructionSize = 8;

    /// <summary>Byte offsets inside an instruction.</summary>
    public const int OpcodeOffset = 0, RdOffset = 1, RsOffset = 2, RtOffset = 3, ImmOffset = 4;

    /// <summary>The register-field value that names sp.</summary>
    public const byte StackPointer = RegisterFile.GeneralCount;

    private static readonly (Opcode Opcode, string Mnemonic, OperandForm Form)[] s_definitions =
    [
        (Opcode.Nop, "nop", OperandForm.None),
        (Opcode.Syscall, "syscall", OperandForm.None),
        (Opcode.Add, "add", OperandForm.RdRsRt),
        (Opcode.Sub, "sub", OperandForm.RdRsRt),
        (Opcode.Mul, "mul", OperandForm.RdRsRt),
        (Opcode.Divu, "divu", OperandForm.RdRsRt),
        (Opcode.Remu, "remu", OperandForm.RdRsRt),
        (Opcode.And, "and", OperandForm.RdRsRt),
        (Opcode.Or, "or", OperandForm.RdRsRt),
        (Opcode.Xor, "xor", OperandForm.RdRsRt),
        (Opcode.Shl, "shl", OperandForm.RdRsRt),
        (Opcode.Shr, "shr", OperandForm.RdRsRt),
        (Opcode.Sar, "sar", OperandForm.RdRsRt),
        (Opcode.Not, "not", OperandForm.RdRs),
        (Opcode.Neg, "neg", OperandForm.RdRs),
        (Opcode.Addi, "addi", OperandForm.RdRsImm),
        (Opcode.Subi, "subi", OperandForm.RdRsImm),
        (Opcode.Muli, "muli", OperandForm.RdRsImm),
        (Opcode.Divui, "divui", OperandForm.RdRsImm),
        (Opcode.Remui, "remui", OperandForm.RdRsImm),
        (Opcode.Andi, "andi", OperandForm.RdRsImm),
        (Opcode.Ori, "ori", OperandForm.RdRsImm),
        (Opcode.Xori, "xori", OperandForm.RdRsImm),
        (Opcode.Shli, "shli", OperandForm.RdRsImm),
        (Opcode.Shri, "shri", OperandForm.RdRsImm),
        (Opcode.Sari, "sari", OperandForm.RdRsImm),
        (Opcode.Ldi, "ldi", OperandForm.RdImm),
        (Opcode.Ldhi, "ldhi", OperandForm.RdImm),
        (Opcode.Ldb, "ldb", OperandForm.Memory),
        (Opcode.Ldw, "ldw", OperandForm.Memory),
        (Opcode.Ldq, "ldq", OperandForm.Memory),
        (Opcode.Ldsb, "ldsb", OperandForm.Memory),
        (Opcode.Ldsw, "ldsw", OperandForm.Memory),
        (Opcode.LdqTls, "ldq", OperandForm.TlsMemory),
        (Opcode.Stb, "stb", OperandForm.Memory),
        (Opcode.Stw, "stw", OperandForm.Memory),
        (Opcode.Stq, "stq", OperandForm.Memory),
        (Opcode.StqTls, "stq", OperandForm.TlsMemory),
        (Opcode.Rdtls, "rdtls", OperandForm.Rd),
        (Opcode.Wrtls, "wrtls", OperandForm.Rs),
        (Opcode.Xchg, "xchg", OperandForm.Memory),
        (Opcode.Cas, "cas", OperandForm.CompareExchange),
        (Opcode.Jmp, "jmp", OperandForm.Branch),
        (Opcode.Beq, "beq", OperandForm.Branch),
        (Opcode.Bne, "bne", OperandForm.Branch),
        (Opcode.Blt, "blt", OperandForm.Branch),
        (Opcode.Bge, "bge", OperandForm.Branch),
        (Opcode.Bltu, "bltu", OperandForm.Branch),
        (Opcode.Bgeu, "bgeu", OperandForm.Branch),
        (Opcode.Bgt, "bgt", OperandForm.Branch),
        (Opcode.Ble, "ble", OperandForm.Branch),
        (Opcode.Bgtu, "bgtu", OperandForm.Branch),
        (Opcode.Bleu, "bleu", OperandForm.Branch),
        (Opcode.Jr, "jr", OperandForm.Rs),
        (Opcode.Call, "call", OperandForm.Branch),
        (Opcode.Callr, "callr", OperandForm.Rs),
        (Opcode.Ret, "ret", OperandForm.None),
        (Opcode.Push, "push", OperandForm.Rs),
        (Opcode.Pop, "pop", OperandForm.Rd),
        (Opcode.Cmp, "cmp", OperandForm.RsRt),
        (Opcode.Cmpi, "cmpi", OperandForm.RsImm),
    ];

    // Indexed by opcode byte; null for bytes that are not instructions.
    private static readonly OperandForm?[] s_forms = BuildForms();
    private static readonly string?[] s_mnemonics = BuildMnemonics();

    /// <summary>Every opcode in numeric order.</summary>
    public static IReadOnlyList<Opcode> Opcodes { get; } = s_definitions.Select(d => d.Opcode).Order().ToArray();

    /// <summary>Mnemonic → opcodes spelled that way (ldq and stq have a register-based and a TLS-based form).</summary>
    internal static FrozenDictionary<string, Opcode[]> ByMnemonic { get; } = s_definitions
        .GroupBy(d => d.Mnemonic, StringComparer.Ordinal)
        .ToFrozenDictionary(g => g.Key, g => g.Select(d => d.Opcode).ToArray(), StringComparer.Ordinal);

    /// <summary>True when <paramref name="opcode"/> is an instruction.</summary>
    public static bool IsDefined(byte opcode) => s_forms[opcode] is not null;

    /// <summary>The operand form of an opcode.</summary>
    public static OperandForm FormOf(Opcode opcode) =>
        s_forms[(byte)opcode] ?? throw new ArgumentOutOfRangeException(nameof(opcode), $"0x{(byte)opcode:x2} is not an opcode");

    /// <summary>The assembler mnemonic of an opcode.</summary>
    public static string MnemonicOf(Opcode opcode) =>
        s_mnemonics[(byte)opcode] ?? throw new ArgumentOutOfRangeException(nameof(opcode), $"0x{(byte)opcode:x2} is not an opcode");

    /// <summary>Whether the form uses the rd, rs, rt and imm fields.</summary>
    public static (bool Rd, bool Rs, bool Rt, bool Imm) FieldsOf(OperandForm form) => form switch
    {
        OperandForm.None => (false, false, false, false),
        OperandForm.RdRsRt => (true, true, true, false),
        OperandForm.RdRsImm => (true, true, false, true),
        OperandForm.RdRs => (true, true, false, false),
        OperandForm.RdImm => (true, false, false, true),
        OperandForm.Rd => (true, false, false, false),
        OperandForm.Rs => (false, true, false, false),
        OperandForm.RsRt => (false, true, true, false),
        OperandForm.RsImm => (false, true, false, true),
        OperandForm.Branch => (false, false, false, true),
        OperandForm.Memory => (true, true, false, true),
        OperandForm.TlsMemory => (true, false, false, true),
        OperandForm.CompareExchange => (true, true, true, true),
        _ => throw new ArgumentOutOfRangeException(nameof(form)),
    };

    private static OperandForm?[] BuildForms()
    {
        var forms = new OperandForm?[256];
        foreach (var (opcode, _, form) in s_definitions)
            forms[(byte)opcode] = form;
        return forms;
    }

    private static string?[] BuildMnemonics()
    {
        var mnemonics = new string?[256];
        foreach (var (opcode, mnemonic, _) in s_definitions)
            mnemonics[(byte)opcode] = mnemonic;
        return mnemonics;
    }
}
