using System.Security.Cryptography;
using System.Text.Json;
using Snapshot.Format;
using Snapshot.Format.Signing;
using Snapshot.Tools.Hosting;
using Snapshot.Tools.Tests.Images;
using Snapshot.Tools.Tests.Running;

namespace Snapshot.Tools.Tests.Signing;

/// <summary>snapcheck on signed images: reported without a key, verified with one; an unsigned, wrongly signed or altered image is a problem when a key is given.</summary>
public sealed class SnapCheckSignatureTests : IDisposable
{
    private static readonly byte[] s_secret = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    private readonly TempDirectory _scratch = new();

    [Fact]
    public void A_signed_image_is_reported_as_signed_but_not_verified_without_a_key()
    {
        var image = SignedCopy("ckpt.snap", ImageSigner.Hmac(s_secret));
        var result = ToolRunner.Run("snapcheck", image);
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("signature: signed (HMAC-SHA256), not verified\n", result.Stdout);

        var json = ToolRunner.Run("snapcheck", image, "--json");
        using var document = JsonDocument.Parse(json.Stdout);
        var signature = document.RootElement.GetProperty("signature");
        Assert.Equal("unverified", signature.GetProperty("status").GetString());
        Assert.Equal("HMAC-SHA256", signature.GetProperty("algorithm").GetString());
        Assert.Matches("^[0-9a-f]{32}$", signature.GetProperty("keyId").GetString());
    }

    [Fact]
    public void An_unsigned_image_has_no_signature_line_or_property()
    {
        var result = ToolRunner.Run("snapcheck", Snapshot.Testing.Locations.Fixtures.Path("ckpt.snap"));
        // The absence means something only if the image was checked and reported.
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("ckpt.snap: valid (", result.Stdout);
        Assert.DoesNotContain("signature", result.Stdout);
        using var document = JsonDocument.Parse(ToolRunner.Run("snapcheck", Snapshot.Testing.Locations.Fixtures.Path("ckpt.snap"), "--json").Stdout);
        Assert.False(document.RootElement.TryGetProperty("signature", out _));
    }

    [Fact]
    public void The_right_key_verifies_both_algorithms()
    {
        var hmac = SignedCopy("prodcons.snap", ImageSigner.Hmac(s_secret));
        var result = ToolRunner.Run("snapcheck", hmac, "--verify-key", KeyFile("secret.hex", Convert.ToHexStringLower(s_secret)));
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("signature: verified (HMAC-SHA256, key ", result.Stdout);

        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var publicKey = KeyFile("public.pem", ecdsa.ExportSubjectPublicKeyInfoPem());
        var signed = SignedCopy("prodcons.snap", ImageSigner.Ecdsa(ECDsa.Create(ecdsa.ExportParameters(includePrivateParameters: true))));
        var verified = ToolRunner.Run("snapcheck", signed, "--verify-key", publicKey);
        Assert.Equal(ExitCodes.Success, verified.ExitCode);
        Assert.Contains("signature: verified (ECDSA P-256, key ", verified.Stdout);
    }

    [Fact]
    public void Unsigned_wrongly_signed_and_altered_images_are_problems_with_a_key()
    {
        var key = KeyFile("secret.b64", Convert.ToBase64String(s_secret));

        var unsigned = ToolRunner.Run("snapcheck", Snapshot.Testing.Locations.Fixtures.Path("ckpt.snap"), "--verify-key", key);
        Assert.Equal(ExitCodes.ProblemsFound, unsigned.ExitCode);
        Assert.Contains("signature: the image is not signed", unsigned.Stdout);

        var otherSecret = s_secret.Select(b => (byte)(b ^ 0xFF)).ToArray();
        var wrong = ToolRunner.Run("snapcheck", SignedCopy("ckpt.snap", ImageSigner.Hmac(otherSecret)), "--verify-key", key);
        Assert.Equal(ExitCodes.ProblemsFound, wrong.ExitCode);
        Assert.Contains("not with the given HMAC-SHA256 key", wrong.Stdout);

        var altered = SignedCopy("ckpt.snap", ImageSigner.Hmac(s_secret));
        var bytes = File.ReadAllBytes(altered);
        long threadOffset;
        using (var reader = ImageReader.Open(altered))
        {
            threadOffset = reader.Index.First(entry => entry.Type == SectionType.Thread).Offset;
        }

        bytes[threadOffset + 32 + 40] ^= 0x04; // a kernel stack byte: the CRC catches it, and so does the signature
        File.WriteAllBytes(altered, bytes);
        var tampered = ToolRunner.Run("snapcheck", altered, "--verify-key", key);
        Assert.Equal(ExitCodes.ProblemsFound, tampered.ExitCode);
        Assert.Contains($"THREAD at 0x{threadOffset:x}: signature: contents differ from what was signed", tampered.Stdout);
    }

    [Fact]
    public void An_unusable_key_file_cannot_check()
    {
        var result = ToolRunner.Run("snapcheck", Snapshot.Testing.Locations.Fixtures.Path("ckpt.snap"), "--verify-key", KeyFile("short.hex", "abcd"));
        Assert.Equal(ExitCodes.Trouble, result.ExitCode);
        Assert.Contains("at least 32 are needed", Assert.Single(result.StderrLines));
        Assert.Empty(result.Stdout);
    }

    public void Dispose() => _scratch.Dispose();

    private string KeyFile(string name, string content)
    {
        var path = _scratch.File(name);
        File.WriteAllText(path, content);
        return path;
    }

    // The fixture's sections rewritten by the library's writer with a signer.
    private string SignedCopy(string fixture, ImageSigner signer)
    {
        using (signer)
        {
            var path = _scratch.File($"signed-{Guid.NewGuid():N}.snap");
            using var reader = ImageReader.Open(Snapshot.Testing.Locations.Fixtures.Path(fixture));
            var metadata = reader.ReadMetadata();
            using var stream = File.Create(path);
            using var writer = ImageWriter.Create(stream, reader.Header.Build, new ImageWriterOptions { Signer = signer });
            writer.WriteCheckpoint(metadata.Checkpoint);
            foreach (var task in metadata.Tasks)
            {
                writer.WriteTask(task.Task);
                writer.WriteAreas(task.Task.TaskId, task.Areas);
                foreach (var thread in task.Threads)
                {
                    writer.WriteThread(thread);
                }

                foreach (var area in task.Areas)
                {
                    writer.WriteAreaMemory(task.Task.TaskId, area, reader.ReadChunks(task.Task.TaskId, area.AreaId).SelectMany(chunk => chunk.Pages()).ToArray());
                }
            }

            writer.Complete();
            return path;
        }
    }
}
