using KernelSim.Assembler;

namespace KernelSim.Tests.Programs;

/// <summary>
/// The golden images in tests/fixtures/ hold each sample's pages and hash, so a change to a sample's
/// source (moving code into the library, say) must not change a single byte of what it assembles to.
/// </summary>
public sealed class ReleasedProgramBytesTests
{
    // SHA-256 of code then data, as released with format 1.0 (issue 2).
    public static TheoryData<string, string> Released() => new()
    {
        { "ckpt", "35c5bd176d548114f31f97b285a224a2f8df89b0d49926ba15f0dc64dbb46710" },
        { "prodcons", "a157a8e66262a1d94d913ab938f45bb1a2cf7a1b84cdf56ec682b22a74bb663a" },
        { "sieve", "0553669af89e8ccead92e2062e9d9f6279008aff06bf69a6e73803352b3211ee" },
        { "sleeper", "1963086b0a39a4086cb22847beac638a3a7d341ebb08a5c959be68ecf3bbb7dd" },
    };

    [Theory]
    [MemberData(nameof(Released))]
    public void Sample_programs_assemble_to_the_released_bytes(string name, string hash)
    {
        Assert.Equal(hash, ProgramLibrary.Load(name).Hash.ToString());
    }
}
