using KernelSim.Assembler;
using KernelSim.Checkpoint;
using KernelSim.Kernel;
using KernelSim.Restore;
using KernelSim.Tests.Support;
using Snapshot.Format;
using Snapshot.Format.Chains;
using Snapshot.Format.Conversion;
using Snapshot.Format.Kernels;
using Snapshot.Format.Repair;
using Snapshot.Format.Upgrade;
using Snapshot.Format.Validation;

namespace KernelSim.Tests.Restore;

/// <summary>
/// Every tool that rewrites an image keeps code stored by reference to the program (AREAS backing 3 and the
/// "program-reference" bit): the image has no pages to store instead, so dropping either would make it invalid.
/// </summary>
public sealed class ProgramReferenceRewriteTests
{
    private const ulong Seed = 2;
    private const ulong Ticks = 3_000;

    // A default checkpoint of a catalogued program: its code by reference.
    private static string Checkpoint(TempDirectory temp, string build = Microkernel.DefaultBuild)
    {
        var kernel = Microkernel.Boot(build, Seed);
        var task = kernel.Spawn(ProgramLibrary.Load("ckpt"), 40);
        kernel.Run(Ticks);
        var image = temp.File("by-reference.snap");
        new Checkpointer(kernel).Checkpoint(new CheckpointRequest([task.Id], image) { Kill = KillPolicy.Zero });
        AssertCodeByReference(image);
        return image;
    }

    private static void AssertCodeByReference(string image)
    {
        using var reader = ImageReader.Open(image);
        Assert.NotEqual(0UL, reader.Header.Features.Incompatible & Features.IncompatProgramReference);
        var task = reader.ReadMetadata().Tasks.Single();
        var code = task.Areas.Single(area => area.Kind == AreaKind.Code);
        Assert.Equal(AreaBacking.ProgramReference, code.Backing);
        Assert.DoesNotContain(reader.Index, entry => entry.TaskId == task.Task.TaskId && entry.AreaId == code.AreaId
                                                     && entry.Type is SectionType.MemoryChunk or SectionType.ChunkReference);
        Assert.True(ImageValidator.Validate(image).IsValid, $"{image} does not validate");
    }

    // Restores on a kernel of build and runs to the end: the output must be the uninterrupted run's.
    private static void AssertRestoresToTheEnd(string image, string build = Microkernel.DefaultBuild)
    {
        var reference = Microkernel.Boot(build, Seed);
        reference.Spawn(ProgramLibrary.Load("ckpt"), 40);
        reference.RunUntilExit(5_000_000);
        var before = Microkernel.Boot(build, Seed);
        before.Spawn(ProgramLibrary.Load("ckpt"), 40);
        before.Run(Ticks);

        var after = Microkernel.Boot(build, Seed);
        new Restorer(after).Restore(image);
        Assert.Equal(RunStop.AllExited, after.RunUntilExit(5_000_000).Stop);
        Assert.Equal(reference.Console.Text, before.Console.Text + after.Console.Text);
    }

    [Fact]
    public void Snapupgrade_to_another_build_keeps_the_reference_and_restores_there()
    {
        using var temp = new TempDirectory();
        var other = KernelBuildCatalog.BuiltIn.Select(profile => profile.Build).Last(build => build != Microkernel.DefaultBuild);
        var image = Checkpoint(temp);
        var upgraded = temp.File("upgraded.snap");
        ImageUpgrader.Upgrade(image, upgraded, new UpgradeOptions { Target = KernelBuildCatalog.BuiltIn.Single(profile => profile.Build == other) });
        AssertCodeByReference(upgraded);
        AssertRestoresToTheEnd(upgraded, other);
    }

    [Fact]
    public void Snapupgrade_below_format_1_3_is_blocked_by_the_program_reference()
    {
        using var temp = new TempDirectory();
        var other = KernelBuildCatalog.BuiltIn.Single(profile => profile.Build == KernelBuildCatalog.BuiltIn.Select(p => p.Build).Last(build => build != Microkernel.DefaultBuild));
        var plan = ImageUpgrader.Plan(Checkpoint(temp), new UpgradeOptions { Target = other, MaxFormatVersion = new FormatVersion(1, 2) });
        Assert.False(plan.CanConvert);
        Assert.Contains(plan.Blockers, blocker => blocker.Feature == UpgradeFeatures.ProgramReference);
    }

    [Fact]
    public void A_lossless_snaprepair_keeps_the_reference_and_restores()
    {
        using var temp = new TempDirectory();
        var image = Checkpoint(temp);
        var repaired = temp.File("repaired.snap");
        var report = ImageRepairer.Repair(image, repaired, new RepairOptions());
        Assert.True(report.NothingLost);
        AssertCodeByReference(repaired);
        AssertRestoresToTheEnd(repaired);
    }

    [Fact]
    public void A_lossy_snaprepair_keeps_the_reference()
    {
        using var temp = new TempDirectory();
        var image = Checkpoint(temp);
        IndexEntry chunk;
        using (var reader = ImageReader.Open(image))
        {
            chunk = reader.Index.First(entry => entry.Type == SectionType.MemoryChunk);
        }

        // One bit in the middle of the chunk's payload (after its 32-byte section header, format §4).
        using (var file = new FileStream(image, FileMode.Open, FileAccess.ReadWrite))
        {
            file.Position = chunk.Offset + 32 + (chunk.PayloadLength / 2);
            var value = file.ReadByte();
            file.Position--;
            file.WriteByte((byte)(value ^ 0x10));
        }

        var repaired = temp.File("repaired.snap");
        var report = ImageRepairer.Repair(image, repaired, new RepairOptions { ZeroDamaged = true });
        Assert.False(report.NothingLost);
        AssertCodeByReference(repaired);
    }

    [Fact]
    public void A_snapconv_decode_and_encode_round_trip_is_the_same_image()
    {
        using var temp = new TempDirectory();
        var image = Checkpoint(temp);
        using var json = new MemoryStream();
        ImageJsonDecoder.Decode(image, json);
        Assert.Contains("\"program-reference\"", System.Text.Encoding.UTF8.GetString(json.ToArray()), StringComparison.Ordinal);
        var encoded = temp.File("encoded.snap");
        json.Position = 0;
        ImageJsonEncoder.Encode(json, encoded);

        Assert.Equal(File.ReadAllBytes(image), File.ReadAllBytes(encoded));
    }

    [Fact]
    public void Flattening_an_incremental_child_keeps_the_reference_and_restores()
    {
        using var temp = new TempDirectory();
        var kernel = Microkernel.Boot(seed: Seed);
        var task = kernel.Spawn(ProgramLibrary.Load("ckpt"), 40);
        kernel.Run(Ticks / 2);
        var parent = temp.File("parent.snap");
        new Checkpointer(kernel).Checkpoint(new CheckpointRequest([task.Id], parent));
        kernel.Run(Ticks / 2);
        var child = temp.File("child.snap");
        new Checkpointer(kernel).Checkpoint(new CheckpointRequest([task.Id], child) { Kill = KillPolicy.Zero, Parent = parent });
        using (var reader = ImageReader.Open(child))
        {
            Assert.NotEqual(0UL, reader.Header.Features.Incompatible & Features.IncompatParentImage);
        }

        var flat = temp.File("flat.snap");
        using (var chain = ImageChain.Open(child))
        using (var destination = File.Create(flat))
        {
            ChainFlattener.Flatten(chain, destination);
        }

        AssertCodeByReference(flat);
        AssertRestoresToTheEnd(flat);
    }
}
