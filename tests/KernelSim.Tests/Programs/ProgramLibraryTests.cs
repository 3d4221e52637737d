using KernelSim.Assembler;

namespace KernelSim.Tests.Programs;

public sealed class ProgramLibraryTests
{
    [Fact]
    public void Names_are_the_four_samples_sorted()
    {
        Assert.Equal(["ckpt", "prodcons", "sieve", "sleeper"], ProgramLibrary.Names);
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
        Assert.Contains("no sample program 'nope'; the samples are: ckpt, prodcons, sieve, sleeper", error.Message, StringComparison.Ordinal);
        var load = Assert.Throws<ArgumentException>(() => ProgramLibrary.Load("nope"));
        Assert.Contains("'nope' is neither a sample program (ckpt, prodcons, sieve, sleeper) nor an existing file", load.Message, StringComparison.Ordinal);
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
}
