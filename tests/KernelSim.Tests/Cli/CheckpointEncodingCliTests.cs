using KernelSim.Cli;
using KernelSim.Tests.Support;
using Snapshot.Format;

namespace KernelSim.Tests.Cli;

/// <summary><c>kernel-sim checkpoint --level N --threads N --compat V</c>.</summary>
public sealed class CheckpointEncodingCliTests
{
    [Fact]
    public void The_image_is_the_same_for_any_number_of_threads_and_restores()
    {
        using var temp = new TempDirectory();
        Assert.Equal(ExitCodes.Ok, Checkpoint(temp.File("one.snap"), "--threads", "1").Code);
        Assert.Equal(ExitCodes.Ok, Checkpoint(temp.File("four.snap"), "--threads", "4").Code);
        Assert.Equal(File.ReadAllBytes(temp.File("one.snap")), File.ReadAllBytes(temp.File("four.snap")));

        var (code, _, stderr) = Run("restore", temp.File("four.snap"));
        Assert.True(code == ExitCodes.Ok, stderr);
    }

    [Fact]
    public void Compat_1_2_writes_version_1_chunks_and_the_default_writes_format_1_3()
    {
        using var temp = new TempDirectory();
        Assert.Equal(ExitCodes.Ok, Checkpoint(temp.File("old.snap"), "--compat", "1.2").Code);
        Assert.Equal(ExitCodes.Ok, Checkpoint(temp.File("new.snap")).Code);

        using (ImageReader old = ImageReader.Open(temp.File("old.snap")))
        {
            Assert.Equal(FormatVersion.V1_0, old.Header.Version);
            Assert.All(old.Index.Where(e => e.Type == SectionType.MemoryChunk), e => Assert.Equal(1, e.Version));
        }
        using ImageReader current = ImageReader.Open(temp.File("new.snap"));
        Assert.Equal(FormatVersion.V1_3, current.Header.Version);
        Assert.All(current.Index.Where(e => e.Type == SectionType.MemoryChunk), e => Assert.Equal(2, e.Version));
    }

    [Fact]
    public void A_higher_level_compresses_at_least_as_well()
    {
        using var temp = new TempDirectory();
        Assert.Equal(ExitCodes.Ok, Checkpoint(temp.File("fast.snap"), "--level", "1").Code);
        Assert.Equal(ExitCodes.Ok, Checkpoint(temp.File("small.snap"), "--level", "19").Code);
        Assert.True(new FileInfo(temp.File("small.snap")).Length <= new FileInfo(temp.File("fast.snap")).Length);
    }

    [Theory]
    [InlineData("--compat", "2.0", "--compat '2.0'")]
    [InlineData("--compat", "one", "--compat 'one'")]
    [InlineData("--level", "20", "--level 20")]
    [InlineData("--threads", "-1", "--threads -1")]
    public void Bad_values_are_usage_errors_that_name_the_option(string option, string value, string named)
    {
        using var temp = new TempDirectory();
        var (code, _, stderr) = Checkpoint(temp.File("bad.snap"), option, value);
        Assert.NotEqual(ExitCodes.Ok, code);
        Assert.Contains(named, stderr);
        Assert.False(File.Exists(temp.File("bad.snap")));
    }

    private static (int Code, string Out, string Error) Checkpoint(string image, params string[] options) =>
        Run(["checkpoint", "sieve", "--arg", "3000", "--ticks", "30000", "-o", image, "--seed", "1", .. options]);

    private static (int Code, string Out, string Error) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = KernelSimCli.Run(args, new CliOutput(stdout, stderr));
        return (code, stdout.ToString().ReplaceLineEndings("\n"), stderr.ToString().ReplaceLineEndings("\n"));
    }
}
