using Snapshot.Format.Repair;
using Snapshot.Format.Signing;
using Snapshot.Format.Tests.Support;

namespace Snapshot.Format.Tests.Repair;

/// <summary>A signature vouches for exact bytes: it survives a repair that restores them, and only that.</summary>
public sealed class ImageRepairerSignatureTests
{
    private static readonly byte[] s_secret = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    [Fact]
    public void A_signed_image_repaired_without_losses_is_the_signed_image_again()
    {
        using var directory = new TempDirectory();
        DamagedImage image = Signed(directory);
        image.LoseFooter();

        RepairReport report = ImageRepairer.Repair(image.Save(), image.Output, new RepairOptions());

        RepairAssertions.WroteTheOriginalAgain(image, report);
        using SignatureVerifier key = SignatureVerifier.Hmac(s_secret);
        Assert.Equal(SignatureStatus.Verified, ImageSignatures.Verify(image.Output, key).Status);
    }

    [Fact]
    public void A_marked_repair_leaves_the_signature_out()
    {
        using var directory = new TempDirectory();
        DamagedImage image = Signed(directory);
        image.FlipPayloadBit(image.Sections.First(s => s.Type == SectionType.MemoryChunk));

        RepairReport report = ImageRepairer.Repair(image.Save(), image.Output, new RepairOptions());

        RepairAssertions.MarkedRepaired(report);
        ScannedSection signature = Assert.Single(report.Sections, s => s.Type == SectionType.Signature);
        Assert.Equal(SectionFate.Discarded, signature.Fate);
        Assert.DoesNotContain(report.Record!.Sections, s => s.Type == SectionType.Signature);
        Assert.Null(ImageSignatures.Find(image.Output));
        using ImageReader reader = ImageReader.Open(image.Output);
        Assert.Equal(0UL, reader.Header.Features.Autoclear);
    }

    private static DamagedImage Signed(TempDirectory directory)
    {
        using ImageSigner signer = ImageSigner.Hmac(s_secret);
        var source = new TestImage { Options = new ImageWriterOptions { Signer = signer } };
        source.Tasks.Add(TestTask.Create(1, seed: 8, dataPages: 5));
        return DamagedImage.Of(directory, source);
    }
}
