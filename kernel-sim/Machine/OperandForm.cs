namespace KernelSim.Machine;

/// <summary>
/// Which fields of an instruction an opcode uses, and so how the assembler writes it. Fields an
/// opcode does not use must be zero: the CPU faults otherwise, so no encoding has two meanings.
/// </summary>
public enum OperandForm
{
    /// <summary><c>op</c>: no fields.</summary>
    None,
    /// <summary><c>op rd, rs, rt</c>.</summary>
    RdRsRt,
    /// <summary><c>op rd, rs, imm</c>.</summary>
    RdRsImm,
    /// <summary><c>op rd, rs</c>.</summary>
    RdRs,
    /// <summary><c>op rd, imm</c>.</summary>
    RdImm,
    /// <summary><c>op rd</c>.</summary>
    Rd,
    /// <summary><c>op rs</c>.</summary>
    Rs,
    /// <summary><c>op rs, rt</c>.</summary>
    RsRt,
    /// <summary><c>op rs, imm</c>.</summary>
    RsImm,
    /// <summary><c>op label</c>: imm is the target minus the address of this instruction.</summary>
    Branch,
    /// <summary><c>op rd, [rs+imm]</c>: rd is loaded, or stored, or exchanged.</summary>
    Memory,
    /// <summary><c>op rd, [tls+imm]</c>: memory relative to the thread's TLS base.</summary>
    TlsMemory,
    /// <summary><c>cas rd, rt, [rs+imm]</c>.</summary>
    CompareExchange,
}
