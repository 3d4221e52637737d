using KernelSim.Cli;
using KernelSim.Kernel;
using KernelSim.Restore;
using KernelSim.Tests.Support;
using Snapshot.Format;
using Snapshot.Format.Signing;
using Snapshot.Format.Validation;

namespace KernelSim.Tests.Trust;

/// <summary>
/// Signed checkpoints: both algorithms verify; any change to a signed section, made with every CRC repaired,
/// is named; another key is told apart from tampering; restore with a required signature refuses the rest.
/// </summary>
public sealed class ImageSignatureTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly SigningKeys _keys;
    private readonly SigningKeys _otherKeys;

    public ImageSignatureTests()
    {
        _keys = new SigningKeys(_temp.Path, seed: 1);
        _otherKeys = new SigningKeys(_temp.Path, seed: 2);
    }

    public static TheoryData<string> Algorithms => ["hmac", "ecdsa"];

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void A_signed_checkpoint_verifies(string algorithm)
    {
        var (sign, verify) = Pair(_keys, algorithm);
        var image = Checkpoint(sign);
        using var key = SignatureVerifier.FromKeyFile(verify);
        var result = ImageSignatures.Verify(image, key);
        Assert.Equal(SignatureStatus.Verified, result.Status);
        Assert.Equal(algorithm == "hmac" ? SignatureAlgorithm.HmacSha256 : SignatureAlgorithm.EcdsaP256, result.Signature!.Algorithm);
        Assert.True(ImageValidator.Validate(image).IsValid);

        var kernel = Microkernel.Boot();
        Assert.Single(new Restorer(kernel).Restore(image, new RestoreOptions { RequireSignature = true, VerifyKey = key }).Tasks);
    }

    [Fact]
    public void Hmac_signed_images_are_deterministic_and_unsigned_ones_carry_no_signature()
    {
        Assert.Equal(File.ReadAllBytes(Checkpoint(_keys.HmacHex)), File.ReadAllBytes(Checkpoint(_keys.HmacBase64)));
        var unsigned = Checkpoint(signKey: null);
        Assert.Null(ImageSignatures.Find(unsigned));
        using var reader = ImageReader.Open(unsigned);
        Assert.DoesNotContain(reader.Index, entry => entry.Type == SectionType.Signature);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void A_change_to_any_signed_section_is_named(string algorithm)
    {
        var (sign, verify) = Pair(_keys, algorithm);
        var original = File.ReadAllBytes(Checkpoint(sign));
        using var key = SignatureVerifier.FromKeyFile(verify);
        var path = _temp.File($"tampered-{algorithm}.snap");
        IReadOnlyList<IndexEntry> index;
        File.WriteAllBytes(path, original);
        using (var reader = ImageReader.Open(path))
        {
            index = reader.Index;
        }

        var kinds = new HashSet<SectionType>();
        foreach (var entry in index)
        {
            // The last byte of the payload: inside every kind of section, and after a chunk's identity fields.
            File.WriteAllBytes(path, ConsistentTamper.Apply(original, entry, entry.PayloadLength - 1));
            var result = ImageSignatures.Verify(path, key);
            Assert.Equal(SignatureStatus.Tampered, result.Status);
            Assert.Equal(entry.SectionName, result.Section);
            Assert.Equal(entry.Offset, result.Offset);
            kinds.Add(entry.Type);

            var kernel = Microkernel.Boot();
            var ex = Assert.Throws<RestoreException>(() => new Restorer(kernel).Restore(path, new RestoreOptions { RequireSignature = true, VerifyKey = key }));
            Assert.Contains($"section {entry.SectionName} at offset 0x{entry.Offset:x}", ex.Message);
            Assert.Empty(kernel.Tasks);
        }

        Assert.Superset(new HashSet<SectionType> { SectionType.Checkpoint, SectionType.Task, SectionType.Areas, SectionType.Thread, SectionType.MemoryChunk, SectionType.Signature }, kinds);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Another_key_is_reported_as_such(string algorithm)
    {
        var image = Checkpoint(Pair(_keys, algorithm).Sign);
        foreach (var other in new[] { _otherKeys.HmacHex, _otherKeys.EcdsaPublic })
        {
            using var key = SignatureVerifier.FromKeyFile(other);
            var result = ImageSignatures.Verify(image, key);
            Assert.Equal(SignatureStatus.WrongKey, result.Status);
            Assert.Contains("not with the given", result.Message);
            Assert.Throws<RestoreException>(() => new Restorer(Microkernel.Boot()).Restore(image, new RestoreOptions { VerifyKey = key }));
        }
    }

    [Fact]
    public void A_signed_image_has_the_signed_bit_and_a_rewrite_that_clears_it_leaves_a_stale_signature()
    {
        var image = Checkpoint(_keys.HmacHex);
        using (var reader = ImageReader.Open(image))
        {
            // The default writer is format 1.3, whose summary bit is autoclear too; signing alone needs only 1.1.
            Assert.Equal(FormatVersion.V1_3, reader.Header.Version);
            Assert.Equal(Features.AutoclearSigned | Features.AutoclearSummary, reader.Header.Features.Autoclear);
        }

        // A tool that rewrites the image without knowing the bit clears it (format §8): the signature is stale.
        var rewritten = _temp.File("rewritten.snap");
        File.WriteAllBytes(rewritten, ConsistentTamper.ClearAutoclear(File.ReadAllBytes(image)));
        using var key = SignatureVerifier.FromKeyFile(_keys.HmacHex);
        var result = ImageSignatures.Verify(rewritten, key);
        Assert.Equal(SignatureStatus.Tampered, result.Status);
        Assert.Contains("stale", result.Reason);
    }

    [Fact]
    public void A_repair_that_loses_nothing_keeps_the_signature_verifiable()
    {
        var image = Checkpoint(_keys.EcdsaPrivate);
        var repaired = _temp.File("repaired.snap");
        Snapshot.Format.Repair.ImageRepairer.Repair(image, repaired, new Snapshot.Format.Repair.RepairOptions());
        using var key = SignatureVerifier.FromKeyFile(_keys.EcdsaPublic);
        Assert.Equal(SignatureStatus.Verified, ImageSignatures.Verify(repaired, key).Status);
    }

    [Fact]
    public void The_cli_signs_at_checkpoint_and_requires_the_signature_at_restore()
    {
        var signed = Checkpoint(_keys.EcdsaPrivate);
        var unsigned = Checkpoint(signKey: null);
        Assert.Equal(ExitCodes.Ok, Run(out _, "restore", signed, "--require-signature", "--verify-key", _keys.EcdsaPublic, "--ticks", "50"));

        Assert.Equal(ExitCodes.BadInput, Run(out var refused, "restore", unsigned, "--require-signature", "--verify-key", _keys.EcdsaPublic));
        Assert.Contains("is not signed, and a signature is required", refused);
        Assert.Single(refused.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        Assert.Equal(ExitCodes.BadInput, Run(out var wrongKey, "restore", signed, "--require-signature", "--verify-key", _otherKeys.EcdsaPublic));
        Assert.Contains("signature check failed", wrongKey);

        Assert.Equal(ExitCodes.BadInput, Run(out var noKey, "restore", signed, "--require-signature"));
        Assert.Contains("--require-signature needs --verify-key", noKey);
    }

    [Fact]
    public void Unusable_key_files_are_one_line_errors()
    {
        var shortSecret = _temp.File("short.hex");
        File.WriteAllText(shortSecret, "00112233");
        var image = _temp.File("never.snap");
        Assert.Equal(ExitCodes.BadInput, Run(out var tooShort, "checkpoint", "prodcons", "--ticks", "10", "-o", image, "--sign-key", shortSecret));
        Assert.Contains("at least 32 are needed", tooShort);
        Assert.Equal(ExitCodes.BadInput, Run(out var publicKey, "checkpoint", "prodcons", "--ticks", "10", "-o", image, "--sign-key", _keys.EcdsaPublic));
        Assert.Contains("signing needs the private key", publicKey);
        Assert.Equal(ExitCodes.BadInput, Run(out var missing, "restore", image, "--verify-key", _temp.File("absent.pem")));
        Assert.Contains("no such file", missing);
        Assert.False(File.Exists(image));
    }

    public void Dispose() => _temp.Dispose();

    private static (string Sign, string Verify) Pair(SigningKeys keys, string algorithm) =>
        algorithm == "hmac" ? (keys.HmacHex, keys.HmacBase64) : (keys.EcdsaPrivate, keys.EcdsaPublic);

    private string Checkpoint(string? signKey)
    {
        var image = _temp.File($"image-{Guid.NewGuid():N}.snap");
        string[] args = signKey is null
            ? ["checkpoint", "prodcons", "--ticks", "300", "-o", image]
            : ["checkpoint", "prodcons", "--ticks", "300", "-o", image, "--sign-key", signKey];
        Assert.Equal(ExitCodes.Ok, Run(out _, args));
        return image;
    }

    private static int Run(out string stderr, params string[] args)
    {
        var error = new StringWriter();
        var code = KernelSimCli.Run(args, new CliOutput(new StringWriter(), error));
        stderr = error.ToString();
        return code;
    }
}
