using System.Buffers.Binary;
using Snapshot.Tools.Hosting;
using Snapshot.Tools.Tests.Images;
using Snapshot.Tools.Tests.Running;

namespace Snapshot.Tools.Tests.Fuzz;

/// <summary>
/// Every single-bit flip of every stored byte of a real image (the smallest golden fixture, written by
/// kernel-sim), checked through the snapcheck tool: damage after the header is a listed problem (exit 1);
/// damage to the header makes the image uncheckable (exit 2, one line). Never exit 0, never an internal error.
/// </summary>
public sealed class SnapCheckBitFlipTests
{
    [Fact]
    public void Snapcheck_detects_every_single_bit_flip()
    {
        var original = File.ReadAllBytes(Snapshot.Testing.Locations.Fixtures.Path("ckpt.snap"));
        var headerLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(original.AsSpan(12));
        Assert.Equal(ExitCodes.Success, ToolRunner.Run("snapcheck", Snapshot.Testing.Locations.Fixtures.Path("ckpt.snap")).ExitCode);

        using var scratch = new TempDirectory();
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        var bits = original.Length * 8;
        Parallel.For(0, Environment.ProcessorCount, worker =>
        {
            var path = scratch.File($"flip-{worker}.snap");
            var copy = (byte[])original.Clone();
            for (var bit = worker; bit < bits; bit += Environment.ProcessorCount)
            {
                var offset = bit / 8;
                copy[offset] ^= (byte)(1 << (bit % 8));
                File.WriteAllBytes(path, copy);
                var result = ToolRunner.Run("snapcheck", path);
                copy[offset] = original[offset];

                var expected = offset < headerLength ? "1 or 2" : "1";
                var allowed = offset < headerLength
                    ? result.ExitCode is ExitCodes.ProblemsFound or ExitCodes.Trouble
                    : result.ExitCode == ExitCodes.ProblemsFound;
                if (!allowed || result.Stderr.Contains("internal error", StringComparison.Ordinal)
                    || (result.ExitCode == ExitCodes.Trouble && result.StderrLines.Length != 1))
                {
                    failures.Add($"bit {bit % 8} of byte {offset}: exit {result.ExitCode} (expected {expected}): {result.Stdout}{result.Stderr}");
                }
            }
        });

        Assert.True(failures.IsEmpty, $"{failures.Count} of {bits} flips not detected:\n{string.Join("\n", failures.Take(20))}");
    }

    /// <summary>
    /// A checkpoint set with external state (format 1.2): one bit of every byte of its external-state sections
    /// (frames and payloads), each flip a listed problem through snapcheck.
    /// </summary>
    [Fact]
    public void Snapcheck_detects_a_flip_in_every_byte_of_the_external_state_sections()
    {
        using var scratch = new TempDirectory();
        var image = ExternalSetImage.Write(scratch.File("set.snap"));
        var original = File.ReadAllBytes(image);
        Assert.Equal(ExitCodes.Success, ToolRunner.Run("snapcheck", image).ExitCode);
        List<(long Offset, long Length)> sections;
        using (var reader = Snapshot.Format.ImageReader.Open(image))
        {
            sections = [.. reader.Index.Where(e => Snapshot.Format.SectionNames.IsExternalState(e.Type)).Select(e => (e.Offset, e.TotalLength))];
        }

        Assert.Equal(6, sections.Count);
        var offsets = sections.SelectMany(s => Enumerable.Range((int)s.Offset, (int)s.Length)).ToArray();
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, Environment.ProcessorCount, worker =>
        {
            var path = scratch.File($"flip-{worker}.snap");
            var copy = (byte[])original.Clone();
            for (var i = worker; i < offsets.Length; i += Environment.ProcessorCount)
            {
                var offset = offsets[i];
                var bit = (offset * 7 + 3) % 8;
                copy[offset] ^= (byte)(1 << bit);
                File.WriteAllBytes(path, copy);
                var result = ToolRunner.Run("snapcheck", path);
                copy[offset] = original[offset];
                if (result.ExitCode != ExitCodes.ProblemsFound || result.Stderr.Contains("internal error", StringComparison.Ordinal))
                {
                    failures.Add($"bit {bit} of byte {offset}: exit {result.ExitCode}: {result.Stdout}{result.Stderr}");
                }
            }
        });

        Assert.True(failures.IsEmpty, $"{failures.Count} of {offsets.Length} flips not detected:\n{string.Join("\n", failures.Take(20))}");
    }
}
