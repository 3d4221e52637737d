using KernelSim.Assembler;
using static KernelSim.Assembler.Assembler;

namespace KernelSim.Tests.Assembler;

/// <summary><c>.include "path"</c>: textual inclusion through an <see cref="IncludeResolver"/>.</summary>
public sealed class AssemblerIncludeTests
{
    // An in-memory tree of files that records which paths the assembler asked for.
    private sealed class Files(params (string Path, string Text)[] files)
    {
        private readonly Dictionary<string, string> _files = files.ToDictionary(f => f.Path, f => f.Text, StringComparer.Ordinal);

        public List<string> Asked { get; } = [];

        public string? Resolve(string path)
        {
            Asked.Add(path);
            return _files.GetValueOrDefault(path);
        }
    }

    private static string ErrorOf(string source, Files files) =>
        Assert.Throws<AssemblerException>(() => Assemble("t", source, files.Resolve)).Message;

    [Fact]
    public void An_included_file_assembles_as_if_its_text_stood_in_place_of_the_directive()
    {
        const string body = "    li r1, VALUE\n    call helper\n.data\ntable: .quad helper, 7\n.text\n";
        const string helper = ".equ VALUE, 0x1234_5678_9\nhelper:\n    addi r0, r1, 1\n    ret\n";
        var files = new Files(("helper.s", helper));

        var included = Assemble("t", "_start:\n" + body + ".include \"helper.s\"\n", files.Resolve);
        var pasted = Assemble("t", "_start:\n" + body + helper);

        Assert.Equal(pasted.Code, included.Code);
        Assert.Equal(pasted.Data, included.Data);
        Assert.Equal(pasted.Hash, included.Hash);
    }

    [Fact]
    public void Labels_on_an_include_line_label_the_first_byte_of_the_included_text()
    {
        var files = new Files(("body.s", "; a comment first\n    nop\n    ret\n"));
        var program = Assemble("t", "    nop\n_start: entry: .include \"body.s\"\n", files.Resolve);
        Assert.Equal(AssembledProgram.CodeBase + 8, program.Entry);
        Assert.Equal(24, program.Code.Length);
    }

    [Fact]
    public void Nested_includes_are_relative_to_the_including_files_directory()
    {
        var files = new Files(
            ("inc/a.s", ".include \"b.s\"\n.include \"../top.s\"\n.include \"./deeper/c.s\"\n"),
            ("inc/b.s", "b: nop\n"),
            ("inc/deeper/c.s", ".include \"../../top2.s\"\n"),
            ("top.s", "top: nop\n"),
            ("top2.s", "top2: ret\n"));
        var program = Assemble("t", "_start: .include \"inc/a.s\"\n", files.Resolve);
        Assert.Equal(["inc/a.s", "inc/b.s", "top.s", "inc/deeper/c.s", "top2.s"], files.Asked);
        Assert.Equal(24, program.Code.Length);
    }

    [Fact]
    public void Each_path_is_asked_for_once_and_the_output_is_deterministic()
    {
        var files = new Files(("twice.s", "    nop\n"));
        const string source = "_start:\n.include \"twice.s\"\n.include \"twice.s\"\n    ret\n";
        var first = Assemble("t", source, files.Resolve);
        Assert.Equal(["twice.s"], files.Asked);
        Assert.Equal(24, first.Code.Length);
        var second = Assemble("t", source, new Files(("twice.s", "    nop\n")).Resolve);
        Assert.Equal(first.Hash, second.Hash);
        Assert.Equal(first.Code, second.Code);
    }

    [Fact]
    public void An_error_in_an_included_file_names_that_file_and_its_own_line()
    {
        var files = new Files(("lib/print.s", "; print\n\nprint:\n    frobnicate r1\n"), ("lib/outer.s", "nop\n.include \"print.s\"\n"));
        Assert.Equal("lib/print.s:4: unknown mnemonic 'frobnicate'", ErrorOf("_start: nop\n.include \"lib/outer.s\"\n", files));
    }

    [Fact]
    public void Errors_after_an_include_name_the_including_files_own_line()
    {
        var files = new Files(("ten.s", string.Concat(Enumerable.Repeat("    nop\n", 10))));
        Assert.Equal("t.s:3: unknown mnemonic 'bogus'", ErrorOf("_start:\n.include \"ten.s\"\n    bogus\n", files));
    }

    [Fact]
    public void A_duplicate_symbol_across_files_says_where_the_first_one_is()
    {
        var files = new Files(("lib/x.s", "\nhelper: ret\n"));
        Assert.Equal("lib/x.s:2: duplicate symbol 'helper' (first defined at t.s:1)", ErrorOf("helper: nop\n_start: .include \"lib/x.s\"\n", files));
        Assert.Equal("t.s:3: duplicate symbol 'helper' (first defined at lib/x.s:2)", ErrorOf("_start: .include \"lib/x.s\"\n\nhelper: nop\n", files));
    }

    [Fact]
    public void A_missing_include_is_reported_at_the_including_line()
    {
        Assert.Equal("t.s:2: include file 'nope.s' not found", ErrorOf("_start: nop\n.include \"nope.s\"\n", new Files()));
        var files = new Files(("inc/a.s", "nop\n.include \"b.s\"\n"));
        Assert.Equal("inc/a.s:2: include file 'b.s' not found (looked for 'inc/b.s')", ErrorOf("_start: .include \"inc/a.s\"\n", files));
    }

    [Fact]
    public void An_include_cycle_is_reported_with_the_chain()
    {
        var files = new Files(("a.s", "nop\n.include \"b.s\"\n"), ("b.s", ".include \"a.s\"\n"));
        Assert.Equal("b.s:1: include cycle: a.s -> b.s -> a.s", ErrorOf("_start: .include \"a.s\"\n", files));
        Assert.Equal("t.s:1: include cycle: t.s -> t.s", ErrorOf(".include \"t.s\"\n_start: nop\n", new Files(("t.s", "nop\n"))));
    }

    [Fact]
    public void Includes_may_nest_sixteen_levels_but_not_seventeen()
    {
        var files = new Files(Enumerable.Range(1, 17).Select(i => ($"d{i}.s", i < 17 ? $".include \"d{i + 1}.s\"\n" : "nop\n")).ToArray());
        var ok = Assemble("t", "_start: .include \"d2.s\"\n", files.Resolve); // d2 .. d17: sixteen levels
        Assert.Single(ok.Code.Chunk(8));

        string message = ErrorOf("_start: .include \"d1.s\"\n", files);
        Assert.StartsWith("d16.s:1: includes nest deeper than 16 levels (t.s -> d1.s -> d2.s", message, StringComparison.Ordinal);
        Assert.EndsWith("-> d16.s -> d17.s)", message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_source_size_limit_counts_every_inclusion()
    {
        string big = ";" + new string('x', SourceAssembly.MaxSourceLength / 2) + "\n";
        var files = new Files(("big.s", big));
        Assemble("t", "_start: nop\n.include \"big.s\"\n", files.Resolve);
        Assert.Equal(
            $"t.s:3: source with its includes is longer than {SourceAssembly.MaxSourceLength} characters",
            ErrorOf("_start: nop\n.include \"big.s\"\n.include \"big.s\"\n", files));
    }

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("a\\\\b.s")]
    [InlineData("c:x.s")]
    [InlineData("a//b.s")]
    [InlineData("a/")]
    [InlineData("")]
    [InlineData("..")]
    [InlineData("a/..")]
    [InlineData("with space.s")]
    [InlineData("tab\\there.s")]
    public void A_path_that_is_not_relative_and_portable_is_refused(string written)
    {
        Assert.StartsWith($"t.s:1: bad include path '", ErrorOf($"_start: .include \"{written}\"\n", new Files()), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("_start: .include x.s", "t.s:1: '.include' expects a string literal, got 'x.s'")]
    [InlineData("_start: .include", "t.s:1: '.include' takes 1 operand, got 0 (syntax: .include \"path\")")]
    [InlineData("_start: .include \"a.s\", \"b.s\"", "t.s:1: '.include' takes 1 operand, got 2 (syntax: .include \"path\")")]
    public void A_malformed_include_directive_is_one_clear_error(string source, string message)
    {
        Assert.Equal(message, ErrorOf(source, new Files(("a.s", "nop\n"), ("b.s", "nop\n"))));
    }

    [Fact]
    public void A_resolver_that_cannot_read_a_file_gives_an_error_at_the_include_line()
    {
        static string? Broken(string path) => throw new IOException("disk on fire");
        Assert.Equal(
            "t.s:2: cannot read include file 'x.s': disk on fire",
            Assert.Throws<AssemblerException>(() => Assemble("t", "_start: nop\n.include \"x.s\"\n", Broken)).Message);
    }

    [Fact]
    public void Without_a_resolver_includes_find_the_embedded_library()
    {
        var program = Assemble("t", "_start:\n    li r1, 'x'\n    call out_char\n    call out_flush\n.include \"lib/line_output.s\"\n");
        Assert.True(program.Code.Length > 4 * 8);
        Assert.Equal("t.s:1: include file 'lib/nope.s' not found", Assert.Throws<AssemblerException>(() => Assemble("t", ".include \"lib/nope.s\"\n")).Message);
        Assert.Equal("t.s:1: include file 'ckpt.s' not found", Assert.Throws<AssemblerException>(() => Assemble("t", ".include \"ckpt.s\"\n")).Message);
    }

    [Theory]
    [InlineData("", "a.s", "a.s")]
    [InlineData("lib", "a.s", "lib/a.s")]
    [InlineData("lib", "../a.s", "a.s")]
    [InlineData("lib", "../../a.s", "../a.s")]
    [InlineData("", "../x/./y/../a.s", "../x/a.s")]
    [InlineData("lib/deep", "./b/c.s", "lib/deep/b/c.s")]
    [InlineData("", "/a.s", null)]
    [InlineData("lib", "..", null)]
    [InlineData("", ".", null)]
    public void Include_paths_are_normalised_against_the_including_directory(string directory, string written, string? expected)
    {
        Assert.Equal(expected, IncludePath.Combine(directory, written));
    }
}
