using KernelSim.Kernel;
using KernelSim.Restore;
using KernelSim.Tests.Support;

namespace KernelSim.Tests.Restore;

/// <summary>Whatever the damage, restore either succeeds or throws its one documented exception, and a refused image leaves the kernel untouched.</summary>
public sealed class RestoreCorruptionTests
{
    [Fact]
    public void Every_single_bit_flip_of_a_golden_image_is_refused_cleanly_or_restored()
    {
        using var temp = new TempDirectory();
        var original = File.ReadAllBytes(Snapshot.Testing.Locations.Fixtures.Path("ckpt.snap"));
        var path = temp.File("flipped.snap");
        var refused = 0;
        for (var offset = 0; offset < original.Length; offset++)
        {
            var copy = (byte[])original.Clone();
            copy[offset] ^= (byte)(1 << (offset % 8));
            File.WriteAllBytes(path, copy);
            var kernel = Microkernel.Boot();
            try
            {
                new Restorer(kernel).Restore(path);
            }
            catch (RestoreException ex)
            {
                refused++;
                Assert.DoesNotContain('\n', ex.Message);
                Assert.Empty(kernel.Tasks);
            }
        }

        // Padding bytes are not covered by any checksum; everything else is.
        Assert.InRange(refused, original.Length * 9 / 10, original.Length);
    }

    [Fact]
    public void Every_truncation_is_refused()
    {
        using var temp = new TempDirectory();
        var original = File.ReadAllBytes(Snapshot.Testing.Locations.Fixtures.Path("prodcons.snap"));
        var path = temp.File("short.snap");
        for (var length = 0; length < original.Length; length += 7)
        {
            File.WriteAllBytes(path, original[..length]);
            var kernel = Microkernel.Boot();
            Assert.Throws<RestoreException>(() => new Restorer(kernel).Restore(path));
            Assert.Empty(kernel.Tasks);
        }
    }
}
