using System.Buffers.Binary;
using System.Numerics;
using System.Text.Json.Nodes;
using Snapshot.Format;
using KernelSim.Kernel;
using KernelSim.Restore;
using FixtureFiles = Snapshot.Testing.Locations.Fixtures;
using Snapshot.Tools.Hosting;
using Snapshot.Tools.Tests.Images;
using Snapshot.Tools.Tests.Running;
using Snapshot.Tools.Tests.Schemas;

namespace Snapshot.Tools.Tests.Info;

/// <summary>
/// The format 1.1 golden fixtures (tests/fixtures/README.md): snapinfo shows a repaired image's REPAIR record up
/// front and a signed image's SIGNATURE without verifying it; snapcheck and restore treat them as documented.
/// Full snapinfo text and JSON of both are approved in Fixtures/GoldenFixtureTests.
/// </summary>
public sealed class SnapInfoRepairedAndSignedTests : IDisposable
{
    private const string Repaired = "repaired-prodcons.snap";
    private const string Signed = "signed-ckpt.snap";
    private const string TestKey = "keys/test-hmac.key";

    // The key id of keys/test-hmac.key: the first 16 bytes of the SHA-256 of the secret.
    private const string TestKeyId = "3ac43d64242a66068ea0eb3092dc9212";

    private readonly TempDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void RepairedImageSaysSoBeforeAnythingAboutItsTasks()
    {
        var result = ToolRunner.Run("snapinfo", FixtureFiles.Path(Repaired));

        ToolAssert.Succeeded(result);
        var text = result.Stdout;
        var lines = text.Split('\n');
        Assert.Equal("Repaired      REPAIRED: restore needs --accept-repaired (2 pages, 1 section, 0 tasks; listed below)", lines[3]);
        var block = text.IndexOf("-- REPAIRED: restore needs --accept-repaired --", StringComparison.Ordinal);
        Assert.InRange(block, 0, text.IndexOf("-- Task 1", StringComparison.Ordinal));
        Assert.Contains("|    1 |    4 | heap |   0-1 | 0x0000000100000000-0x0000000100002000 |     2 | dropped | the old index |",
            text, StringComparison.Ordinal);
        Assert.Contains("| MEMCHUNK | 0x0020 |           0xdf0 |    200 | payload CRC32C mismatch", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Dropped tasks", text, StringComparison.Ordinal);
    }

    [Fact]
    public void RepairedImageJsonListsEveryLoss()
    {
        var result = ToolRunner.Run("snapinfo", FixtureFiles.Path(Repaired), "--json");

        ToolAssert.Succeeded(result);
        Schema.AssertConforms("snapinfo.schema.json", result.Stdout);
        var document = JsonNode.Parse(result.Stdout)!;
        Assert.Null(document["signature"]);
        var repair = document["repair"]!;
        Assert.Equal("REPAIRED: restore needs --accept-repaired", (string?)repair["notice"]);
        Assert.Equal(2UL, (ulong?)repair["lostPageCount"]);
        Assert.Empty(repair["tasks"]!.AsArray());
        var section = Assert.Single(repair["sections"]!.AsArray())!;
        Assert.Equal(("section", "MEMCHUNK", "0x0020", "0xdf0", 200L),
            ((string?)section["kind"], (string?)section["type"], (string?)section["typeCode"], (string?)section["offset"], (long?)section["length"]));
        var pages = Assert.Single(repair["pages"]!.AsArray())!;
        Assert.Equal((1UL, 4U, "heap", "0-1", "0x0000000100000000", "0x0000000100002000", "dropped", "index"),
            ((ulong?)pages["taskId"], (uint?)pages["areaId"], (string?)pages["areaName"], (string?)pages["pages"],
             (string?)pages["start"], (string?)pages["end"], (string?)pages["disposition"], (string?)pages["evidence"]));
    }

    [Fact]
    public void SignedImageShowsAlgorithmAndKeyButIsNotVerified()
    {
        var text = ToolRunner.Run("snapinfo", FixtureFiles.Path(Signed));
        var json = ToolRunner.Run("snapinfo", FixtureFiles.Path(Signed), "--json");

        ToolAssert.Succeeded(text);
        ToolAssert.Succeeded(json);
        Assert.Contains($"Signature     HMAC-SHA256, key {TestKeyId}: signed, not verified (snapcheck --verify-key verifies)\n",
            text.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("REPAIRED", text.Stdout, StringComparison.Ordinal);
        Schema.AssertConforms("snapinfo.schema.json", json.Stdout);
        var document = JsonNode.Parse(json.Stdout)!;
        Assert.Null(document["repair"]);
        var signature = document["signature"]!;
        Assert.Equal(("unverified", "HMAC-SHA256", TestKeyId, 7),
            ((string?)signature["status"], (string?)signature["algorithm"], (string?)signature["keyId"], (int?)signature["sectionsCovered"]));
        Assert.Equal("signed, not verified (snapcheck --verify-key verifies)", (string?)signature["message"]);
    }

    [Fact]
    public void SignatureOfAnImageRewrittenAfterSigningIsShownAsStale()
    {
        var image = _scratch.File("stale.snap");
        File.Copy(FixtureFiles.Path(Signed), image);
        ClearAutoclearFeatures(image);

        var json = ToolRunner.Run("snapinfo", image, "--json");

        ToolAssert.Succeeded(json);
        Schema.AssertConforms("snapinfo.schema.json", json.Stdout);
        var signature = JsonNode.Parse(json.Stdout)!["signature"]!;
        Assert.Equal(("stale", TestKeyId), ((string?)signature["status"], (string?)signature["keyId"]));
        Assert.Contains("rewritten after signing", (string?)signature["message"], StringComparison.Ordinal);
    }

    [Fact]
    public void MalformedSignatureSectionIsReportedAndTheRestIsStillShown()
    {
        var image = _scratch.File("bad-signature.snap");
        File.Copy(FixtureFiles.Path(Signed), image);
        var offset = ImageDamage.FlipBitInFirstSection(image, SectionType.Signature);

        var text = ToolRunner.Run("snapinfo", image);
        var json = ToolRunner.Run("snapinfo", image, "--json");

        ToolAssert.Succeeded(text);
        ToolAssert.Succeeded(json);
        Schema.AssertConforms("snapinfo.schema.json", json.Stdout);
        Assert.Contains("-- Task 1: ckpt", text.Stdout, StringComparison.Ordinal);
        var signature = JsonNode.Parse(json.Stdout)!["signature"]!;
        Assert.Equal("unreadable", (string?)signature["status"]);
        Assert.Equal($"0x{offset:x}", (string?)signature["offset"]);
        Assert.Null(signature["algorithm"]);
        Assert.Contains("CRC32C mismatch", (string?)signature["message"], StringComparison.Ordinal);
    }

    [Fact]
    public void ImagesWithNeitherShowNeitherSoEarlierConsumersSeeNoChange()
    {
        var text = ToolRunner.Run("snapinfo", FixtureFiles.Path("prodcons.snap"));
        var json = JsonNode.Parse(ToolRunner.Run("snapinfo", FixtureFiles.Path("prodcons.snap"), "--json").Stdout)!.AsObject();

        // The absences below mean something only if the image was shown.
        ToolAssert.Succeeded(text);
        Assert.Contains("-- Task 1", text.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Repaired", text.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Signature", text.Stdout, StringComparison.Ordinal);
        Assert.False(json.ContainsKey("repair"));
        Assert.False(json.ContainsKey("signature"));
    }

    [Fact]
    public void SnapCheckFindsTheRepairedImageValid()
    {
        // A repaired image is well-formed; that it lost data is restore's concern (--accept-repaired), not snapcheck's.
        var result = ToolRunner.Run("snapcheck", FixtureFiles.Path(Repaired));

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.EndsWith("repaired-prodcons.snap: valid (17 sections, 7 chunks, 28,672 page bytes checked)\n", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void SnapCheckVerifiesTheSignedImageWithTheTestKey()
    {
        var result = ToolRunner.Run("snapcheck", FixtureFiles.Path(Signed), "--verify-key", FixtureFiles.Path(TestKey));

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.StartsWith($"signature: verified (HMAC-SHA256, key {TestKeyId}, header and 7 sections)\n", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void SnapCheckRefusesTheSignedImageWithAnotherKey()
    {
        var otherKey = _scratch.File("other.key");
        File.WriteAllText(otherKey, new string('7', 64) + "\n");

        var result = ToolRunner.Run("snapcheck", FixtureFiles.Path(Signed), "--verify-key", otherKey, "--json");

        Assert.Equal(ExitCodes.ProblemsFound, result.ExitCode);
        Assert.Equal("wrong-key", (string?)JsonNode.Parse(result.Stdout)!["signature"]!["status"]);
    }

    [Fact]
    public void RestoreRefusesTheRepairedImageUnlessAccepted()
    {
        var path = FixtureFiles.Path(Repaired);

        var kernel = Microkernel.Boot();
        var refused = Assert.Throws<RestoreException>(() => new Restorer(kernel).Restore(path));
        Assert.Contains("lost 2 pages", refused.Message, StringComparison.Ordinal);
        Assert.Contains("--accept-repaired", refused.Message, StringComparison.Ordinal);
        Assert.Empty(kernel.Tasks);

        var restored = new Restorer(Microkernel.Boot()).Restore(path, new RestoreOptions { AcceptRepaired = true });
        Assert.Single(restored.Tasks);
    }

    [Fact]
    public void KernelSimRestoreCommandRefusesTheRepairedImageUnlessAccepted()
    {
        var path = FixtureFiles.Path(Repaired);
        var stderr = new StringWriter();

        var refused = KernelSim.Cli.KernelSimCli.Run(["restore", path], new KernelSim.Cli.CliOutput(new StringWriter(), stderr));
        var accepted = KernelSim.Cli.KernelSimCli.Run(["restore", path, "--accept-repaired", "--ticks", "100"],
            new KernelSim.Cli.CliOutput(new StringWriter(), new StringWriter()));

        Assert.Equal(KernelSim.Cli.ExitCodes.BadInput, refused);
        Assert.Contains("--accept-repaired", stderr.ToString(), StringComparison.Ordinal);
        Assert.Equal(KernelSim.Cli.ExitCodes.Ok, accepted);
    }

    /// <summary>What a tool that rewrites a signed image without re-signing does: clears the autoclear bits, fixes the header CRC.</summary>
    private static void ClearAutoclearFeatures(string path)
    {
        const int headerLengthOffset = 12, autoclearOffset = 32, headerCrcOffset = 40;
        var bytes = File.ReadAllBytes(path);
        var header = bytes.AsSpan(0, (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(headerLengthOffset)));
        BinaryPrimitives.WriteUInt64LittleEndian(header[autoclearOffset..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(header[headerCrcOffset..], 0);
        var crc = 0xFFFF_FFFFu;
        foreach (var b in header)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        BinaryPrimitives.WriteUInt32LittleEndian(header[headerCrcOffset..], crc ^ 0xFFFF_FFFFu);
        File.WriteAllBytes(path, bytes);
    }
}
