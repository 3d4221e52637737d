using KernelSim.Assembler;
using static KernelSim.Assembler.Assembler;

namespace KernelSim.Tests.Assembler;

public sealed class AssemblerErrorTests
{
    public static TheoryData<string, string> Errors() => new()
    {
        { "_start: foo r1", "t.s:1: unknown mnemonic 'foo'" },
        { "_start: .foo 1", "t.s:1: unknown directive '.foo'" },
        { "_start:\n add r1, r2", "t.s:2: 'add' takes 3 operands, got 2 (syntax: add rd, rs, rt|imm)" },
        { "_start: nop r1", "t.s:1: 'nop' takes 0 operands, got 1 (syntax: nop)" },
        { "_start: .text 1", "t.s:1: '.text' takes 0 operands, got 1 (syntax: .text)" },
        { "_start: add x1, r2, r3", "t.s:1: bad operand 1 of 'add': expected a register (r0..r15, sp), got 'x1'" },
        { "_start: push 5", "t.s:1: bad operand 1 of 'push': expected a register (r0..r15, sp), got '5'" },
        { "_start: addi r1, r2, r3", "t.s:1: bad operand 3 of 'addi': expected a value, got register 'r3'" },
        { "_start: add r1, r2, r16", "t.s:1: undefined symbol 'r16'" },
        { "_start: jmp nowhere", "t.s:1: undefined symbol 'nowhere'" },
        { "_start: li r1, sp", "t.s:1: register 'sp' where a value is expected" },
        { "_start:\nx:\nx: nop", "t.s:3: duplicate symbol 'x' (first defined at line 2)" },
        { "_start: nop\n.equ _start, 1", "t.s:2: duplicate symbol '_start' (first defined at line 1)" },
        { "r1: nop", "t.s:1: 'r1' is a register name and cannot be defined" },
        { ".equ TLS, 1", "t.s:1: 'TLS' is a register name and cannot be defined" },
        { ".equ SYS_WRITE, 3", "t.s:1: 'SYS_WRITE' is a predefined constant and cannot be redefined" },
        { ".equ 5, 3", "t.s:1: bad constant name '5'" },
        { "_start: addi r1, r1, 0x80000000", "t.s:1: immediate 0x80000000 is out of range (signed 32 bits)" },
        { "_start: cmp r1, -2147483649", "t.s:1: immediate -2147483649 is out of range (signed 32 bits)" },
        { "_start: ldq r1, [r2+0x80000000]", "t.s:1: offset 0x80000000 is out of range (signed 32 bits)" },
        { "_start: shl r1, r1, 64", "t.s:1: shift amount 64 is out of range (0..63)" },
        { "_start: sari r1, r1, -1", "t.s:1: shift amount -1 is out of range (0..63)" },
        { "_start: la r1, _start + 0x100000000", "t.s:1: address 0x100400000 does not fit in one instruction (signed 32 bits)" },
        { "nop", "t.s: missing label '_start' (the entry point)" },
        { ".data\n_start: .quad 0", "t.s: label '_start' must be in .text" },
        { "_start: nop\n.data\n nop", "t.s:3: instruction 'nop' outside .text" },
        { "_start: nop\n.data\n bogus", "t.s:3: unknown mnemonic 'bogus'" },
        { "_start: ldq r1, r2", "t.s:1: bad memory operand 'r2' (expected [register+offset])" },
        { "_start: ldq r1, []", "t.s:1: bad memory operand '[]' (expected [register+offset])" },
        { "_start: ldq r1, [x1]", "t.s:1: bad memory operand '[x1]': 'x1' is not a register" },
        { "_start: ldq r1, [r2 8]", "t.s:1: bad memory operand '[r2 8]': expected '+' or '-' after the base register" },
        { "_start: ldq r1, [r2+]", "t.s:1: bad memory operand '[r2+]': expression ends too early" },
        { "_start: ldb r1, [tls+8]", "t.s:1: 'ldb' cannot address [tls+...]: only ldq and stq can" },
        { "_start: cas r1, r2, [tls]", "t.s:1: 'cas' cannot address [tls+...]" },
        { "_start: li r1, 18446744073709551616", "t.s:1: number '18446744073709551616' does not fit in 64 bits" },
        { "_start: li r1, 12ab", "t.s:1: bad number '12ab'" },
        { "_start: li r1, 0x", "t.s:1: bad number '0x'" },
        { "_start: li r1, 1/0", "t.s:1: division by zero in expression" },
        { "_start: li r1, (1+2", "t.s:1: bad operand '(1+2': missing ')' in expression" },
        { "_start: li r1, 1 2", "t.s:1: bad operand '1 2': unexpected '2' in expression" },
        { "_start: li r1, \"a\"", "t.s:1: bad operand '\"a\"': a string \"a\" is not a value" },
        { "_start: li r1, " + new string('(', 100) + "1" + new string(')', 100), "t.s:1: bad operand '" + new string('(', 100) + "1" + new string(')', 100) + "': expression nested too deeply" },
        { "_start: add r1,, r2", "t.s:1: empty operand" },
        { "_start: add r1, r2,", "t.s:1: empty operand" },
        { "_start: nop @", "t.s:1: unexpected character '@'" },
        { "_start: : nop", "t.s:1: expected an instruction or directive, got ':'" },
        { "_start: nop\n.data\n.ascii \"abc", "t.s:3: unterminated string literal" },
        { "_start: nop\n.ascii \"\\q\"", "t.s:2: unknown escape sequence '\\q' in string literal" },
        { "_start: nop\n.ascii \"\\x4\"", "t.s:2: \\x needs two hex digits" },
        { "_start: nop\n.ascii \"é\"", "t.s:2: character U+00E9 in a literal: only printable ASCII and escapes are allowed" },
        { "_start: li r1, ''", "t.s:1: empty character literal" },
        { "_start: li r1, 'ab'", "t.s:1: unterminated character literal" },
        { "_start: nop\n.ascii 5", "t.s:2: '.ascii' expects a string literal, got '5'" },
        { "_start: nop\n.quad", "t.s:2: '.quad' needs at least one operand (syntax: .quad value, ...)" },
        { "_start: nop\n.byte 256", "t.s:2: value 0x100 does not fit in a byte" },
        { "_start: nop\n.byte -129", "t.s:2: value -129 does not fit in a byte" },
        { "_start: nop\n.word 0x100000000", "t.s:2: value 0x100000000 does not fit in 32 bits" },
        { "_start: nop\n.align 3", "t.s:2: .align 3 is not a power of two from 1 to 4096" },
        { "_start: nop\n.align 8192", "t.s:2: .align 8192 is not a power of two from 1 to 4096" },
        { "_start: nop\n.zero 0x1000001", "t.s:2: .zero 16777217 is out of range (0..16777216)" },
        { "_start: nop\n.zero -1", "t.s:2: .zero -1 is out of range (0..16777216)" },
        { "_start: .zero _start", "t.s:1: '.zero' needs a constant, but '_start' uses a label" },
        { "_start: nop\n.data\n.zero 0x1000000\n.byte 1", "t.s:4: section .data grows beyond 16 MiB" },
        { ".equ A, B\n.equ B, A\n_start: li r1, A", "t.s:1: circular definition of 'A'" },
        { ".equ X, nothing\n_start: nop", "t.s:1: undefined symbol 'nothing'" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Reports_one_clear_error_with_file_and_line(string source, string message)
    {
        var error = Assert.Throws<AssemblerException>(() => Assemble("t", source));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Refuses_an_overlong_source_before_reading_it()
    {
        var error = Assert.Throws<AssemblerException>(() => Assemble("big", new string(' ', (4 << 20) + 1)));
        Assert.Equal("big.s: source is longer than 4194304 characters", error.Message);
    }

    [Fact]
    public void Null_arguments_are_programming_errors()
    {
        Assert.Throws<ArgumentNullException>(() => Assemble(null!, ""));
        Assert.Throws<ArgumentNullException>(() => Assemble("t", null!));
    }

    [Fact]
    public void Every_single_line_of_printable_garbage_is_an_assembler_error_or_a_program()
    {
        // A cheap fuzz pass: whatever the line, the assembler throws its own exception or succeeds.
        var random = new Random(1234);
        const string alphabet = "abrspt0159x_.:;#,[]()+-*/~&|^<>'\"\\ \tSYSldqcmpjmp";
        for (int i = 0; i < 3000; i++)
        {
            var chars = new char[random.Next(1, 24)];
            for (int j = 0; j < chars.Length; j++)
                chars[j] = alphabet[random.Next(alphabet.Length)];
            string source = "_start: nop\n" + new string(chars);
            try
            {
                Assemble("fuzz", source);
            }
            catch (AssemblerException error)
            {
                Assert.StartsWith("fuzz.s", error.Message, StringComparison.Ordinal);
            }
        }
    }
}
