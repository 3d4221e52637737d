using KernelSim.Assembler;
using KernelSim.Tests.Support;

namespace KernelSim.Tests.Programs;

public sealed class ProgramLibraryTests
{
    // The single-task samples of format 1.0 (golden fixtures), and the samples that talk to services or each other.
    internal static readonly string[] SingleTaskSamples = ["ckpt", "prodcons", "sieve", "sleeper"];
    internal static readonly string[] ServiceSamples = ["filecopy", "pingpong-client", "pingpong-server", "shmpipe", "synccalls", "tetris"];

    // Samples for scale (issue 6): single tasks made to be checkpointed big, released after format 1.0 (no fixture).
    internal static readonly string[] ScaleSamples = ["memmix"];

    private static readonly string[] s_serviceLibraries = ["lib/console.s", "lib/ipc.s", "lib/shm.s", "lib/vfs.s"];

    [Fact]
    public void Names_are_the_single_task_the_service_and_the_scale_samples_sorted()
    {
        Assert.Equal(SingleTaskSamples.Concat(ServiceSamples).Concat(ScaleSamples).Order(StringComparer.Ordinal), ProgramLibrary.Names);
    }

    [Fact]
    public void A_sample_is_a_service_sample_exactly_when_it_includes_an_ipc_or_service_library()
    {
        foreach (string name in ProgramLibrary.Names)
        {
            string source = ProgramLibrary.Source(name);
            bool usesServices = s_serviceLibraries.Any(library => source.Contains($".include \"{library}\"", StringComparison.Ordinal));
            Assert.True(usesServices == ServiceSamples.Contains(name), $"{name}: includes a service library = {usesServices}");
        }
    }

    [Fact]
    public void Every_sample_is_documented_at_the_top_and_assembles()
    {
        foreach (string name in ProgramLibrary.Names)
        {
            string source = ProgramLibrary.Source(name);
            Assert.StartsWith($"; {name}.s: ", source, StringComparison.Ordinal);
            Assert.Contains("Argument (r1 at _start)", source, StringComparison.Ordinal);
            var program = ProgramLibrary.Load(name);
            Assert.Equal(name, program.Name);
            Assert.True(program.Code.Length > 0 && program.Code.Length % 8 == 0);
        }
    }

    [Fact]
    public void An_unknown_sample_names_the_samples()
    {
        var error = Assert.Throws<ArgumentException>(() => ProgramLibrary.Source("nope"));
        string all = string.Join(", ", ProgramLibrary.Names);
        Assert.Contains($"no sample program 'nope'; the samples are: {all}", error.Message, StringComparison.Ordinal);
        Assert.Contains("ckpt, filecopy, memmix, pingpong-client", all, StringComparison.Ordinal);
        var load = Assert.Throws<ArgumentException>(() => ProgramLibrary.Load("nope"));
        Assert.Contains($"'nope' is neither a sample program ({all}) nor an existing file", load.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_assembles_a_file_by_path()
    {
        string directory = Directory.CreateTempSubdirectory("kernel-sim-programs").FullName;
        try
        {
            string path = Path.Combine(directory, "mine.s");
            File.WriteAllText(path, ProgramLibrary.Source("ckpt"));
            var program = ProgramLibrary.Load(path);
            Assert.Equal("mine", program.Name);
            Assert.Equal(ProgramLibrary.Load("ckpt").Hash, program.Hash);

            string broken = Path.Combine(directory, "broken.s");
            File.WriteAllText(broken, "_start: frobnicate\n");
            Assert.Equal("broken.s:1: unknown mnemonic 'frobnicate'", Assert.Throws<AssemblerException>(() => ProgramLibrary.Load(broken)).Message);

            string huge = Path.Combine(directory, "huge.s");
            File.WriteAllBytes(huge, new byte[ProgramLibrary.MaxFileSize + 1]);
            Assert.Contains("is larger than", Assert.Throws<ArgumentException>(() => ProgramLibrary.Load(huge)).Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void The_runtime_library_is_embedded_beside_the_samples_but_is_not_a_sample()
    {
        Assert.Equal(
            ["lib/console.s", "lib/console_line.s", "lib/ipc.s", "lib/line_end.s", "lib/line_output.s", "lib/service_phone.s", "lib/shm.s", "lib/vfs.s"],
            ProgramLibrary.LibraryFiles);
        Assert.DoesNotContain(ProgramLibrary.Names, name => name.Contains('/', StringComparison.Ordinal));
        Assert.StartsWith("; lib/line_output.s: ", ProgramLibrary.EmbeddedInclude("lib/line_output.s"), StringComparison.Ordinal);
        Assert.Null(ProgramLibrary.EmbeddedInclude("lib/nope.s"));
        Assert.Null(ProgramLibrary.EmbeddedInclude("ckpt.s")); // samples are programs, not library files
        Assert.Throws<ArgumentException>(() => ProgramLibrary.Source("lib/line_output"));
    }

    [Fact]
    public void Every_sample_includes_the_line_output_library_instead_of_a_copy()
    {
        foreach (string name in ProgramLibrary.Names)
        {
            string source = ProgramLibrary.Source(name);
            Assert.Contains(".include \"lib/line_output.s\"", source, StringComparison.Ordinal);
            Assert.DoesNotContain("out_flush:", source, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_file_on_disk_includes_files_beside_it_first_then_the_embedded_library()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.File("inc"));
        File.WriteAllText(temp.File("main.s"), "_start:\n    call out_flush\n.include \"inc/exit.s\"\n.include \"lib/line_output.s\"\n");
        File.WriteAllText(temp.File(Path.Combine("inc", "exit.s")), ".include \"code.s\"\n");
        File.WriteAllText(temp.File(Path.Combine("inc", "code.s")), "    li r0, SYS_TASK_EXIT\n    syscall\n");
        var embedded = ProgramLibrary.Load(temp.File("main.s"));
        var pasted = KernelSim.Assembler.Assembler.Assemble("main",
            "_start:\n    call out_flush\n    li r0, SYS_TASK_EXIT\n    syscall\n" + ProgramLibrary.EmbeddedInclude("lib/line_output.s"));
        Assert.Equal(pasted.Hash, embedded.Hash);

        // A lib/line_output.s beside the program wins over the embedded one.
        Directory.CreateDirectory(temp.File("lib"));
        File.WriteAllText(temp.File(Path.Combine("lib", "line_output.s")), "out_flush: ret\n");
        var local = ProgramLibrary.Load(temp.File("main.s"));
        Assert.Equal(4 * 8, local.Code.Length); // call, li, syscall and the local ret
    }

    [Fact]
    public void A_file_on_disk_with_a_bad_include_names_the_file_and_line()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("main.s"), "_start: nop\n.include \"inc/missing.s\"\n");
        Assert.Equal("main.s:2: include file 'inc/missing.s' not found", Assert.Throws<AssemblerException>(() => ProgramLibrary.Load(temp.File("main.s"))).Message);

        File.WriteAllText(temp.File("broken.s"), "nop\n  nop\n  frobnicate\n");
        File.WriteAllText(temp.File("uses.s"), "_start: .include \"broken.s\"\n");
        Assert.Equal("broken.s:3: unknown mnemonic 'frobnicate'", Assert.Throws<AssemblerException>(() => ProgramLibrary.Load(temp.File("uses.s"))).Message);

        File.WriteAllBytes(temp.File("huge.s"), new byte[ProgramLibrary.MaxFileSize + 1]);
        File.WriteAllText(temp.File("big.s"), "_start: nop\n.include \"huge.s\"\n");
        Assert.Equal(
            $"big.s:2: cannot read include file 'huge.s': it is larger than {ProgramLibrary.MaxFileSize} bytes",
            Assert.Throws<AssemblerException>(() => ProgramLibrary.Load(temp.File("big.s"))).Message);
    }
}
