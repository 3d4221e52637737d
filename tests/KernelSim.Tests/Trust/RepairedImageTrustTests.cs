using KernelSim.Cli;
using KernelSim.Kernel;
using KernelSim.Restore;
using Snapshot.Format;
using Snapshot.Format.Repair;

namespace KernelSim.Tests.Trust;

/// <summary>An image snaprepair rebuilt with losses is restored only when the caller accepts it, and the refusal says what was lost.</summary>
public sealed class RepairedImageTrustTests : IClassFixture<ImageCrafter>
{
    private readonly ImageCrafter _images;

    public RepairedImageTrustTests(ImageCrafter images) => _images = images;

    [Fact]
    public void A_repaired_image_is_refused_naming_the_loss_and_the_option()
    {
        var repaired = RepairWithLostChunk();
        var kernel = Microkernel.Boot();
        var ex = Assert.Throws<RestoreException>(() => new Restorer(kernel).Restore(repaired));
        Assert.Contains("was rebuilt by snaprepair and lost", ex.Message);
        Assert.Contains("page", ex.Message);
        Assert.Contains("MEMCHUNK at 0x", ex.Message);
        Assert.Contains("--accept-repaired", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.Empty(kernel.Tasks);
    }

    [Fact]
    public void A_repaired_image_restores_when_accepted()
    {
        var repaired = RepairWithLostChunk();
        var kernel = Microkernel.Boot();
        var result = new Restorer(kernel).Restore(repaired, new RestoreOptions { AcceptRepaired = true });
        Assert.Single(result.Tasks);
    }

    [Fact]
    public void The_cli_refuses_without_the_option_and_restores_with_it()
    {
        var repaired = RepairWithLostChunk();
        var stderr = new StringWriter();
        Assert.Equal(ExitCodes.BadInput, KernelSimCli.Run(["restore", repaired], new CliOutput(new StringWriter(), stderr)));
        Assert.Contains("--accept-repaired", stderr.ToString());
        Assert.Single(stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));

        var accepted = KernelSimCli.Run(["restore", repaired, "--accept-repaired", "--ticks", "100"], new CliOutput(new StringWriter(), new StringWriter()));
        Assert.Equal(ExitCodes.Ok, accepted);
    }

    private string RepairWithLostChunk()
    {
        var bytes = File.ReadAllBytes(_images.Original);
        using (var reader = ImageReader.Open(_images.Original))
        {
            var chunk = reader.Index.First(entry => entry.Type == SectionType.MemoryChunk);
            bytes[chunk.Offset + 32 + 80] ^= 0x10; // inside the stored bytes: the payload CRC no longer matches
        }

        var damaged = Path.Combine(_images.Directory, $"damaged-{Guid.NewGuid():N}.snap");
        var repaired = Path.ChangeExtension(damaged, ".repaired.snap");
        File.WriteAllBytes(damaged, bytes);
        ImageRepairer.Repair(damaged, repaired, new RepairOptions());
        using (var reader = ImageReader.Open(repaired))
        {
            Assert.NotEqual(0UL, reader.Header.Features.Incompatible & Features.IncompatRepaired);
        }

        return repaired;
    }
}
