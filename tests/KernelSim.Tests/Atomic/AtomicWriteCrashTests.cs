using System.Diagnostics;
using KernelSim.Tests.Support;
using Snapshot.Format;
using Snapshot.Format.Validation;
using Snapshot.Fuzz.Writing;

namespace KernelSim.Tests.Atomic;

/// <summary>
/// A process writing a multi-MiB image through AtomicFile is killed at several moments: the target then holds
/// the complete old image or the complete new one, never a torn file, and what a killed writer leaves behind
/// is a hidden ".tmp" file that the next write removes.
/// </summary>
public sealed class AtomicWriteCrashTests : IDisposable
{
    private const int Mebibytes = 16;
    private const int PagesPerMebibyte = 256;
    private readonly TempDirectory _temp = new();

    [Theory]
    [InlineData(0)]
    [InlineData(1024)]
    [InlineData(2048)]
    [InlineData(3584)]
    public void A_writer_killed_mid_write_leaves_the_old_image(int killAfterPage)
    {
        var target = _temp.File("large.snap");
        LargeImageWriter.Write(target, 2, generation: 1, TimeSpan.Zero, TextWriter.Null);
        var old = File.ReadAllBytes(target);

        using (var writer = StartWriter(target, generation: 2))
        {
            while (writer.StandardOutput.ReadLine() is { } line)
            {
                if (line.StartsWith("page ", StringComparison.Ordinal) && int.Parse(line[5..]) >= killAfterPage)
                {
                    break;
                }

                Assert.NotEqual("done", line);
            }

            writer.Kill(entireProcessTree: true);
            writer.WaitForExit();
        }

        Assert.Equal(old, File.ReadAllBytes(target));
        var leftovers = AtomicFile.Temporaries(target);
        Assert.All(leftovers, file => Assert.Matches(@"^\.large\.snap\.\d+\.[0-9a-f]{32}\.tmp$", Path.GetFileName(file)));
        Assert.DoesNotContain(Directory.GetFiles(_temp.Path), file => file != target && file.EndsWith(".snap", StringComparison.Ordinal));

        // The next write of the same target cleans up after the killed writer.
        LargeImageWriter.Write(target, 1, generation: 3, TimeSpan.Zero, TextWriter.Null);
        Assert.Empty(AtomicFile.Temporaries(target));
        Assert.True(ImageValidator.Validate(target).IsValid);
    }

    [Fact]
    public void A_writer_that_finishes_replaces_the_image_with_a_complete_valid_one()
    {
        var target = _temp.File("large.snap");
        LargeImageWriter.Write(target, 1, generation: 1, TimeSpan.Zero, TextWriter.Null);
        using (var writer = StartWriter(target, generation: 2))
        {
            var output = writer.StandardOutput.ReadToEnd();
            writer.WaitForExit();
            Assert.Equal(0, writer.ExitCode);
            Assert.EndsWith("done\n", output.ReplaceLineEndings("\n"));
        }

        Assert.True(ImageValidator.Validate(target).IsValid);
        using var reader = ImageReader.Open(target);
        Assert.Equal(Mebibytes * PagesPerMebibyte, reader.Index.Where(entry => entry.Type == SectionType.MemoryChunk).Sum(entry => entry.PresentPages));
        Assert.Empty(AtomicFile.Temporaries(target));
    }

    public void Dispose() => _temp.Dispose();

    private static Process StartWriter(string target, int generation)
    {
        var harness = typeof(LargeImageWriter).Assembly.Location;
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { harness, "write-image", "--output", target, "--mib", Mebibytes.ToString(), "--generation", generation.ToString(), "--pause-ms", "20" })
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("the writer did not start");
    }

    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host)
        {
            return host;
        }

        return Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
    }
}
