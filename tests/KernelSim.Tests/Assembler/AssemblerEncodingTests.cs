using KernelSim.Assembler;
using KernelSim.Machine;
using KernelSim.Tests.Machine;
using static KernelSim.Assembler.Assembler;

namespace KernelSim.Tests.Assembler;

public sealed class AssemblerEncodingTests
{
    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes);

    [Theory]
    [InlineData("nop", "0100000000000000")]
    [InlineData("syscall", "0200000000000000")]
    [InlineData("add r1, r2, r3", "1001020300000000")]
    [InlineData("ADD R1, R2, R3", "1001020300000000")]
    [InlineData("add r1, r2, -5", "20010200FBFFFFFF")]
    [InlineData("addi r15, sp, 0x7fffffff", "200F1000FFFFFF7F")]
    [InlineData("sub r1, r2, r3", "1101020300000000")]
    [InlineData("divu r1, r2, 10", "230102000A000000")]
    [InlineData("shl r1, r2, 63", "280102003F000000")]
    [InlineData("sar r1, r2, r3", "1A01020300000000")]
    [InlineData("not r4, sp", "1B04100000000000")]
    [InlineData("neg r4, r5", "1C04050000000000")]
    [InlineData("ldi r1, 'A'", "3001000041000000")]
    [InlineData("ldhi r1, -1", "31010000FFFFFFFF")]
    [InlineData("ldq r1, [r2+8]", "4201020008000000")]
    [InlineData("ldq r1, [ r2 - 8 ]", "42010200F8FFFFFF")]
    [InlineData("ldq r1, [r2]", "4201020000000000")]
    [InlineData("ldsw r1, [r2+2*2]", "4401020004000000")]
    [InlineData("stb r3, [sp+1]", "4803100001000000")]
    [InlineData("ldq r5, [tls+16]", "4505000010000000")]
    [InlineData("stq r5, [TLS+16]", "4D05000010000000")]
    [InlineData("rdtls r1", "5001000000000000")]
    [InlineData("wrtls r2", "5100020000000000")]
    [InlineData("xchg r1, [r2]", "5801020000000000")]
    [InlineData("cas r1, r3, [r2+8]", "5901020308000000")]
    [InlineData("cmp r1, r2", "7800010200000000")]
    [InlineData("cmp r1, -1", "79000100FFFFFFFF")]
    [InlineData("cmpi r1, 7", "7900010007000000")]
    [InlineData("push r1", "7400010000000000")]
    [InlineData("pop r2", "7502000000000000")]
    [InlineData("jmp r3", "6B00030000000000")]
    [InlineData("jr r3", "6B00030000000000")]
    [InlineData("call r3", "7100030000000000")]
    [InlineData("ret", "7200000000000000")]
    [InlineData("mov r1, r2", "2001020000000000")]
    [InlineData("mov sp, r2", "2010020000000000")]
    [InlineData("mov r1, 5", "3001000005000000")]
    [InlineData("li r1, -1", "30010000FFFFFFFF")]
    [InlineData("li r2, SYS_WRITE", "3002000001000000")]
    [InlineData("li r2, EAGAIN", "30020000F5FFFFFF")]
    public void Encodes_one_instruction(string line, string expected)
    {
        var program = Assemble("t", "_start: " + line);
        Assert.Equal(expected, Hex(program.Code));
    }

    [Fact]
    public void Every_opcode_has_a_spelling()
    {
        var reached = new HashSet<byte>();
        string[] lines =
        [
            "nop", "syscall", "add r1,r1,r1", "sub r1,r1,r1", "mul r1,r1,r1", "divu r1,r1,r1", "remu r1,r1,r1", "and r1,r1,r1",
            "or r1,r1,r1", "xor r1,r1,r1", "shl r1,r1,r1", "shr r1,r1,r1", "sar r1,r1,r1", "not r1,r1", "neg r1,r1",
            "add r1,r1,1", "sub r1,r1,1", "mul r1,r1,1", "divu r1,r1,1", "remu r1,r1,1", "and r1,r1,1", "or r1,r1,1",
            "xor r1,r1,1", "shl r1,r1,1", "shr r1,r1,1", "sar r1,r1,1", "ldi r1,1", "ldhi r1,1",
            "ldb r1,[r1]", "ldw r1,[r1]", "ldq r1,[r1]", "ldsb r1,[r1]", "ldsw r1,[r1]", "ldq r1,[tls]",
            "stb r1,[r1]", "stw r1,[r1]", "stq r1,[r1]", "stq r1,[tls]", "rdtls r1", "wrtls r1", "xchg r1,[r1]", "cas r1,r1,[r1]",
            "jmp _start", "beq _start", "bne _start", "blt _start", "bge _start", "bltu _start", "bgeu _start",
            "bgt _start", "ble _start", "bgtu _start", "bleu _start", "jmp r1", "call _start", "call r1", "ret",
            "push r1", "pop r1", "cmp r1,r1", "cmp r1,1",
        ];
        var program = Assemble("all", "_start:\n" + string.Join("\n", lines));
        for (int i = 0; i < program.Code.Length; i += InstructionSet.InstructionSize)
            reached.Add(program.Code[i]);
        Assert.Equal(InstructionSet.Opcodes.Select(o => (byte)o).Order(), reached.Order());
    }

    [Fact]
    public void Branches_are_relative_to_the_branch()
    {
        var program = Assemble("t", """
            _start: nop
            back:   nop
                    beq back
                    jmp ahead
                    nop
            ahead:  call back
            """);
        Assert.Equal("61000000F8FFFFFF", Hex(program.Code[16..24]));
        Assert.Equal("6000000010000000", Hex(program.Code[24..32]));
        Assert.Equal("70000000E0FFFFFF", Hex(program.Code[40..48]));
    }

    [Theory]
    [InlineData(0UL, 1)]
    [InlineData(ulong.MaxValue, 1)]
    [InlineData(0x7FFF_FFFFUL, 1)]
    [InlineData(0xFFFF_FFFF_8000_0000UL, 1)]
    [InlineData(0x8000_0000UL, 2)]
    [InlineData(0xFFFF_FFFFUL, 2)]
    [InlineData(0x1_0000_0000UL, 2)]
    [InlineData(0x1234_5678_9ABC_DEF0UL, 2)]
    [InlineData(0x8000_0000_0000_0000UL, 2)]
    [InlineData(0x7FFF_FFFF_FFFF_FFFFUL, 2)]
    public void Li_loads_any_64_bit_value_in_one_or_two_instructions(ulong value, int instructions)
    {
        var program = Assemble("t", $"_start: li r3, {value}");
        Assert.Equal(instructions * InstructionSet.InstructionSize, program.Code.Length);
        var cpu = new Cpu(program.Code);
        cpu.R[3] = 0xDEAD_BEEF_DEAD_BEEF;
        cpu.Run(instructions);
        Assert.Equal(value, cpu.R[3]);
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(0x8000_0000UL)]
    [InlineData(0x1234_5678_9ABC_DEF0UL)]
    public void Li_of_a_negated_constant(ulong value)
    {
        var program = Assemble("t", $"_start: li r4, -{value}");
        var cpu = new Cpu(program.Code);
        cpu.Run(program.Code.Length / InstructionSet.InstructionSize);
        Assert.Equal(unchecked(0 - value), cpu.R[4]);
    }

    [Fact]
    public void La_and_label_arithmetic_give_addresses()
    {
        var program = Assemble("t", """
            .data
            first:  .quad 1
            second: .quad 2
            .text
            _start: la r1, second
                    la r2, second + 8
                    li r3, second - first
                    ldq r4, [r1 - (second - first)]
            """);
        var cpu = new Cpu(program.Code);
        cpu.Memory.Poke(AssembledProgram.DataBase, program.Data);
        cpu.Run(4);
        Assert.Equal(AssembledProgram.DataBase + 8, cpu.R[1]);
        Assert.Equal(AssembledProgram.DataBase + 16, cpu.R[2]);
        Assert.Equal(8UL, cpu.R[3]);
        Assert.Equal(1UL, cpu.R[4]);
    }

    [Fact]
    public void Data_directives_lay_out_bytes_little_endian()
    {
        var program = Assemble("t", """
            _start: nop
            .data
            .byte 1, -1, 'a', 0xff
            .word 0x12345678, -1
            .align 8
            here: .quad here, -2
            .ascii "ab", "c"
            .asciz "d"
            .zero 3
            .align 4
            .byte 9
            """);
        Assert.Equal(
            "01FF61FF" + "78563412" + "FFFFFFFF" + "00000000"
            + "1000001000000000" + "FEFFFFFFFFFFFFFF"
            + "616263" + "6400" + "000000" + "09", // 40 bytes so far: .align 4 adds nothing
            Hex(program.Data));
    }

    [Fact]
    public void Constants_may_be_used_before_they_are_defined_and_may_use_labels()
    {
        var program = Assemble("t", """
            _start: li r1, SIZE
                    li r2, DOUBLE
            .equ DOUBLE, SIZE * 2
            .data
            start: .ascii "hello"
            end:
            .equ SIZE, end - start
            """);
        var cpu = new Cpu(program.Code);
        cpu.Run(2);
        Assert.Equal((5UL, 10UL), (cpu.R[1], cpu.R[2]));
    }

    [Theory]
    [InlineData("1 + 2 * 3", 7UL)]
    [InlineData("(1 + 2) * 3", 9UL)]
    [InlineData("1 << 4 | 1", 17UL)]
    [InlineData("-8 / 2", 0xFFFF_FFFF_FFFF_FFFCUL)]
    [InlineData("~0 & 0xff", 0xFFUL)]
    [InlineData("7 ^ 2", 5UL)]
    [InlineData("0x8000000000000000 >> 63", 1UL)]
    [InlineData("1 << 64", 0UL)]
    [InlineData("10 - 3 - 2", 5UL)]
    [InlineData("0b1010_1010", 0xAAUL)]
    [InlineData("1_000_000", 1_000_000UL)]
    [InlineData("0XFF", 255UL)]
    [InlineData("'\\n' + '\\'' + '\\\\'", 10UL + 39 + 92)]
    [InlineData("AREA_READ + AREA_WRITE", 3UL)]
    [InlineData("SYS_RANDOM", 12UL)]
    [InlineData("-(-9223372036854775807 - 1) / -1", 0x8000_0000_0000_0000UL)]
    public void Expressions_follow_c_precedence_in_64_bits(string expression, ulong expected)
    {
        var program = Assemble("t", $"_start: nop\n.data\n.quad {expression}");
        Assert.Equal(expected, BitConverter.ToUInt64(program.Data));
    }

    [Fact]
    public void Comments_end_a_line_but_not_a_literal()
    {
        var program = Assemble("t", """
            ; a comment line
            # another
            _start: nop ; trailing
                    nop # trailing
            .data
            .ascii "a;b#c"   ; the string keeps its ; and #
            .byte ';', '#'
            """);
        Assert.Equal(16, program.Code.Length);
        Assert.Equal("a;b#c;#"u8.ToArray(), program.Data);
    }

    [Fact]
    public void String_escapes()
    {
        var program = Assemble("t", "_start: nop\n.data\n.ascii \"\\n\\t\\r\\0\\\\\\\"\\'\\x41\"");
        Assert.Equal(new byte[] { 10, 9, 13, 0, 92, 34, 39, 0x41 }, program.Data);
    }

    [Fact]
    public void Several_labels_may_name_one_address_and_sections_resume()
    {
        var program = Assemble("t", """
            .data
            d0: .quad 0
            .text
            _start: main: nop
            .data
            d1: .byte 1
            .text
            after:
                    la r1, d1
                    la r2, main
                    la r3, after
            """);
        var cpu = new Cpu(program.Code);
        cpu.Run(4);
        Assert.Equal(AssembledProgram.DataBase + 8, cpu.R[1]);
        Assert.Equal(AssembledProgram.CodeBase, cpu.R[2]);
        Assert.Equal(AssembledProgram.CodeBase + 8, cpu.R[3]);
        Assert.Equal(AssembledProgram.CodeBase, program.Entry);
    }

    [Fact]
    public void Entry_is_the_start_label()
    {
        var program = Assemble("t", "helper: ret\n nop\n_start: nop");
        Assert.Equal(AssembledProgram.CodeBase + 16, program.Entry);
    }

    [Fact]
    public void Windows_line_endings_are_accepted()
    {
        var unix = Assemble("t", "_start: nop\n.data\n.ascii \"x\"\n");
        var windows = Assemble("t", "_start: nop\r\n.data\r\n.ascii \"x\"\r\n");
        Assert.Equal(unix.Code, windows.Code);
        Assert.Equal(unix.Data, windows.Data);
    }

    [Fact]
    public void Hash_is_the_sha256_of_code_then_data()
    {
        var program = Assemble("t", "_start: nop\n.data\n.ascii \"abc\"");
        Assert.Equal(Snapshot.Format.Hash256.Compute([.. program.Code, .. program.Data]), program.Hash);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData([.. program.Code, .. program.Data])), program.Hash.ToString());
    }

    [Fact]
    public void Name_drops_the_extension_and_messages_keep_it()
    {
        Assert.Equal("prog", Assemble("prog.s", "_start: nop").Name);
        Assert.Equal("prog", Assemble("prog", "_start: nop").Name);
        var error = Assert.Throws<AssemblerException>(() => Assemble("prog", "_start: bogus"));
        Assert.Equal("prog.s:1: unknown mnemonic 'bogus'", error.Message);
        Assert.Equal(("prog.s", 1, "unknown mnemonic 'bogus'"), (error.File, error.Line, error.Reason));
    }

    [Fact]
    public void Same_source_gives_the_same_bytes_and_hash()
    {
        foreach (string name in ProgramLibrary.Names)
        {
            var first = Assemble(name, ProgramLibrary.Source(name));
            var second = Assemble(name, ProgramLibrary.Source(name));
            Assert.Equal(first.Code, second.Code);
            Assert.Equal(first.Data, second.Data);
            Assert.Equal(first.Hash, second.Hash);
            Assert.Equal(first.Entry, second.Entry);
        }
        var hashes = ProgramLibrary.Names.Select(n => ProgramLibrary.Load(n).Hash).ToArray();
        Assert.Equal(hashes.Length, hashes.Distinct().Count());
        Assert.NotEqual(Assemble("t", "_start: nop").Hash, Assemble("t", "_start: nop\n nop").Hash);
    }
}
