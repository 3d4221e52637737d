using Snapshot.Format.Repair;
using Snapshot.Format.Tests.Support;
using Snapshot.Format.Validation;

namespace Snapshot.Format.Tests.Repair;

/// <summary>
/// Whatever the damage, a repair ends in one of its three outcomes (never another exception), never touches its
/// input, and anything it writes is a valid image: the original itself when nothing was lost.
/// </summary>
public sealed class ImageRepairerHostileTests
{
    [Fact]
    public void Every_sampled_single_bit_flip_ends_in_an_outcome_and_a_valid_output()
    {
        using var directory = new TempDirectory();
        byte[] original = File.ReadAllBytes(Snapshot.Testing.Locations.Fixtures.Path("ckpt.snap"));
        var outcomes = new Dictionary<RepairOutcome, int>();
        // Every 7th byte, with the bit chosen by the offset: about 320 flips over every part of the image.
        for (int offset = 0; offset < original.Length; offset += 7)
        {
            byte[] damaged = (byte[])original.Clone();
            damaged[offset] ^= (byte)(1 << (offset % 8));
            RepairOutcome outcome = RepairAndCheck(directory, original, damaged, $"bit {offset % 8} of byte 0x{offset:x}");
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }
        // The sample reaches all three outcomes: framing (nothing lost), data (repaired), metadata (unrepairable).
        Assert.Equal(3, outcomes.Count);
    }

    [Fact]
    public void Every_truncation_ends_in_an_outcome_and_a_valid_output()
    {
        using var directory = new TempDirectory();
        byte[] original = File.ReadAllBytes(Snapshot.Testing.Locations.Fixtures.Path("sleeper.snap"));
        // A step coprime with the 8-byte alignment reaches every position within sections and frames.
        for (int length = 0; length < original.Length; length += 7)
            RepairAndCheck(directory, original, original[..length], $"cut at {length}");
    }

    [Fact]
    public void Zeroed_and_garbage_blocks_end_in_an_outcome_and_a_valid_output()
    {
        using var directory = new TempDirectory();
        byte[] original = TestImage.Small(seed: 11, dataPages: 30).Write();
        var random = new Random(17);
        for (int block = 0; block * 512 < original.Length; block++)
        {
            byte[] zeroed = (byte[])original.Clone();
            Array.Clear(zeroed, block * 512, Math.Min(512, original.Length - block * 512));
            RepairAndCheck(directory, original, zeroed, $"zeroed block {block}");
            byte[] garbage = (byte[])original.Clone();
            random.NextBytes(garbage.AsSpan(block * 512, Math.Min(512, original.Length - block * 512)));
            RepairAndCheck(directory, original, garbage, $"garbage block {block}");
        }
    }

    private static RepairOutcome RepairAndCheck(TempDirectory directory, byte[] original, byte[] damaged, string what)
    {
        string input = directory.File("in.snap");
        string output = directory.File("out.snap");
        File.Delete(output);
        File.WriteAllBytes(input, damaged);

        RepairReport report = ImageRepairer.Repair(input, output, new RepairOptions());

        Assert.True(damaged.AsSpan().SequenceEqual(File.ReadAllBytes(input)), $"{what}: the input changed");
        switch (report.Outcome)
        {
            case RepairOutcome.Unrepairable:
                Assert.False(File.Exists(output), $"{what}: an unrepairable image left an output");
                Assert.NotNull(report.Refusal);
                break;
            case RepairOutcome.NothingLost:
                Assert.True(original.AsSpan().SequenceEqual(File.ReadAllBytes(output)), $"{what}: nothing lost, yet not the original");
                break;
            default:
                ValidationReport validation = ImageValidator.Validate(output);
                Assert.True(validation.IsValid, $"{what}: the output is invalid: {string.Join("; ", validation.Problems)}");
                using (ImageReader reader = ImageReader.Open(output))
                    Assert.NotNull(reader.ReadMetadata().Repair);
                break;
        }
        Assert.DoesNotContain(Directory.GetFiles(directory.Path), f => f.EndsWith(".tmp", StringComparison.Ordinal));
        return report.Outcome;
    }
}
