using Snapshot.Tools.Hosting;
using Snapshot.Tools.Tests.Images;
using Snapshot.Tools.Tests.Running;

namespace Snapshot.Tools.Tests.Diff;

public sealed class SnapDiffDamageTests : IDisposable
{
    private readonly TempDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    /// <summary>
    /// One bit flipped in every 13th byte of an image (a sample that lands in every section and field: the
    /// bit cycles through 0..7), and the image cut at every 97th byte: snapdiff answers 0, 1 or 2, never with
    /// an internal error; trouble is one line naming the damaged file.
    /// </summary>
    [Fact]
    public void EveryDamagedByteAndTruncationEndsInAnAnswerOrOneLineOfTrouble()
    {
        var original = KernelImages.CopyTo(_scratch.Path, KernelImages.ProdconsLate);
        var other = KernelImages.CopyTo(_scratch.Path, KernelImages.ProdconsEarly);
        var bytes = File.ReadAllBytes(original);
        var damaged = _scratch.File("damaged.snap");
        var outcomes = new Dictionary<int, int>();

        const int stride = 13;
        for (var offset = 0; offset < bytes.Length; offset += stride)
        {
            var bit = offset / stride % 8;
            var copy = (byte[])bytes.Clone();
            copy[offset] ^= (byte)(1 << bit);
            File.WriteAllBytes(damaged, copy);
            Check(ToolRunner.Run("snapdiff", other, damaged, "--json"), damaged, $"bit {bit} of byte 0x{offset:x}", outcomes);
        }

        for (var length = 0; length < bytes.Length; length += 97)
        {
            File.WriteAllBytes(damaged, bytes.AsSpan(0, length).ToArray());
            Check(ToolRunner.Run("snapdiff", damaged, other), damaged, $"cut at {length}", outcomes);
        }

        // Most damage is caught (CRCs); some lands in bytes a diff never reads (chunks equal by their index
        // entries), and then the images simply differ.
        Assert.True(outcomes.GetValueOrDefault(ExitCodes.Trouble) > bytes.Length / stride / 2, string.Join(", ", outcomes));
    }

    private static void Check(ToolResult result, string damaged, string what, Dictionary<int, int> outcomes)
    {
        outcomes[result.ExitCode] = outcomes.GetValueOrDefault(result.ExitCode) + 1;
        switch (result.ExitCode)
        {
            case ExitCodes.Success or ExitCodes.ProblemsFound:
                Assert.True(result.Stderr.Length == 0, $"{what}: {result.Stderr}");
                break;
            case ExitCodes.Trouble:
                Assert.True(result.Stdout.Length == 0, $"{what}: output on trouble");
                var line = Assert.Single(result.StderrLines);
                Assert.True(line.StartsWith($"snapdiff: {damaged}: ", StringComparison.Ordinal), $"{what}: {line}");
                break;
            default:
                Assert.Fail($"{what}: exit {result.ExitCode}: {result.Stderr}");
                break;
        }
    }
}
