using KernelSim.Assembler;
using KernelSim.Checkpoint;
using KernelSim.Kernel;
using Snapshot.Format;
using Snapshot.Format.Repair;
using Snapshot.Format.Signing;
using Snapshot.Testing.Locations;

namespace Snapshot.Fuzz.Corpus;

/// <summary>
/// Valid images of every kind: the golden fixtures, a fresh checkpoint of every sample program (several
/// threads, blocked syscalls, heap areas), an HMAC-signed image (SIGNATURE section), a repaired image
/// (REPAIR section, "repaired" feature bit) and a checkpoint set with external state (format 1.2). Built deterministically.
/// </summary>
public static class SeedCorpus
{
    /// <summary>The secret the signed seed is made with; the signature target verifies with it.</summary>
    public static ReadOnlySpan<byte> SigningSecret => "snapshot-fuzz-signing-secret-32b"u8;

    /// <summary>Builds the seeds; a sample program the checkpointer refuses (it holds IPC state) is named in <paramref name="skipped"/>.</summary>
    public static IReadOnlyList<SeedImage> Build(string scratchDirectory, ICollection<string> skipped)
    {
        var seeds = new List<SeedImage>();
        foreach (var name in Fixtures.Names())
        {
            seeds.Add(new SeedImage($"fixture {name}", File.ReadAllBytes(Fixtures.Path(name))));
        }

        foreach (var program in ProgramLibrary.Names)
        {
            try
            {
                seeds.Add(new SeedImage($"kernel-sim {program}", Checkpoint(program, ticks: 120, signer: null)));
            }
            catch (CheckpointRefusedException ex)
            {
                skipped.Add($"seed kernel-sim {program} ({ex.Message})");
            }
        }

        using (var signer = ImageSigner.Hmac(SigningSecret))
        {
            seeds.Add(new SeedImage("kernel-sim prodcons, signed", Checkpoint("prodcons", ticks: 200, signer)));
        }

        seeds.Add(new SeedImage("repaired prodcons", Repaired(seeds.First(seed => seed.Name == "kernel-sim prodcons").Bytes, scratchDirectory)));
        seeds.Add(new SeedImage("external state (format 1.2)", ExternalStateSeed.Build()));
        return seeds;
    }

    private static byte[] Checkpoint(string program, ulong ticks, ImageSigner? signer)
    {
        var kernel = Microkernel.Boot();
        var task = kernel.Spawn(ProgramLibrary.Load(program));
        for (ulong tick = 0; tick < ticks && task.State == TaskState.Active; tick++)
        {
            kernel.Tick();
        }

        if (task.State != TaskState.Active)
        {
            // A program that finished early is checkpointed at its start instead.
            kernel = Microkernel.Boot();
            task = kernel.Spawn(ProgramLibrary.Load(program));
        }

        using var stream = new MemoryStream();
        new Checkpointer(kernel).Write(task.Id, stream, killAfter: false, signer);
        return stream.ToArray();
    }

    // A chunk whose payload CRC fails: the repair drops it and records the lost pages.
    private static byte[] Repaired(byte[] image, string scratchDirectory)
    {
        var damaged = Path.Combine(scratchDirectory, "seed-damaged.snap");
        var repaired = Path.Combine(scratchDirectory, "seed-repaired.snap");
        var bytes = (byte[])image.Clone();
        File.WriteAllBytes(damaged, bytes);
        using (var reader = ImageReader.Open(damaged))
        {
            var chunk = reader.Index.Last(entry => entry.Type == SectionType.MemoryChunk);
            bytes[chunk.Offset + 32 + chunk.PayloadLength - 1] ^= 0x40; // last payload byte
        }

        File.WriteAllBytes(damaged, bytes);
        ImageRepairer.Repair(damaged, repaired, new RepairOptions());
        var result = File.ReadAllBytes(repaired);
        File.Delete(damaged);
        File.Delete(repaired);
        return result;
    }
}
