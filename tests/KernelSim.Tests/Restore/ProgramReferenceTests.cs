using KernelSim.Assembler;
using KernelSim.Checkpoint;
using KernelSim.Kernel;
using KernelSim.Restore;
using KernelSim.Tests.Support;
using Snapshot.Format;
using Snapshot.Format.Validation;

namespace KernelSim.Tests.Restore;

/// <summary>Code stored by reference to the program (format 1.3, backing 3) and the restore that loads it from the catalog.</summary>
public sealed class ProgramReferenceTests
{
    private static string Checkpoint(TempDirectory temp, AssembledProgram program, bool includeCode, ulong argument = 40)
    {
        var kernel = Microkernel.Boot(seed: 2);
        var task = kernel.Spawn(program, argument);
        kernel.Run(3_000);
        var image = temp.File(includeCode ? "with-code.snap" : "by-reference.snap");
        new Checkpointer(kernel).Checkpoint(new CheckpointRequest([task.Id], image) { Kill = KillPolicy.Zero, IncludeCode = includeCode });
        return image;
    }

    [Fact]
    public void By_default_code_is_stored_by_reference_and_restored_from_the_catalog_to_the_uninterrupted_output()
    {
        using var temp = new TempDirectory();
        var program = ProgramLibrary.Load("ckpt");
        var image = Checkpoint(temp, program, includeCode: false);

        using (var reader = ImageReader.Open(image))
        {
            Assert.NotEqual(0UL, reader.Header.Features.Incompatible & Features.IncompatProgramReference);
            var task = reader.ReadMetadata().Tasks.Single();
            var code = task.Areas.Single(area => area.Kind == AreaKind.Code);
            Assert.Equal(AreaBacking.ProgramReference, code.Backing);
            Assert.Equal(AreaBacking.Program, task.Areas.Single(area => area.Kind == AreaKind.Data).Backing);
            Assert.DoesNotContain(reader.Index, entry => entry.TaskId == task.Task.TaskId && entry.AreaId == code.AreaId
                                                         && entry.Type is SectionType.MemoryChunk or SectionType.ChunkReference);
            Assert.True(ImageValidator.Validate(image).IsValid);
        }

        var reference = Microkernel.Boot(seed: 2);
        reference.Spawn(program, 40);
        reference.RunUntilExit(5_000_000);
        var before = Microkernel.Boot(seed: 2);
        before.Spawn(program, 40);
        before.Run(3_000);

        var after = Microkernel.Boot(seed: 2);
        var restored = new Restorer(after).Restore(image).Tasks.Single().Task;
        var codeArea = restored.AddressSpace.Areas.Single(area => area.Kind == AreaKind.Code);
        var bytes = new byte[program.Code.Length];
        codeArea.Read(0, bytes);
        Assert.Equal(program.Code, bytes);
        Assert.Equal(RunStop.AllExited, after.RunUntilExit(5_000_000).Stop);
        Assert.Equal(reference.Console.Text, before.Console.Text + after.Console.Text);
    }

    [Fact]
    public void With_include_code_the_code_pages_are_stored()
    {
        using var temp = new TempDirectory();
        var image = Checkpoint(temp, ProgramLibrary.Load("ckpt"), includeCode: true);
        using var reader = ImageReader.Open(image);
        Assert.Equal(0UL, reader.Header.Features.Incompatible & Features.IncompatProgramReference);
        var task = reader.ReadMetadata().Tasks.Single();
        var code = task.Areas.Single(area => area.Kind == AreaKind.Code);
        Assert.Equal(AreaBacking.Program, code.Backing);
        Assert.Contains(reader.Index, entry => entry.TaskId == task.Task.TaskId && entry.AreaId == code.AreaId && entry.Type == SectionType.MemoryChunk);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_task_restored_from_a_reference_is_checkpointed_again_by_reference_or_with_its_code(bool includeCode)
    {
        using var temp = new TempDirectory();
        var first = Checkpoint(temp, ProgramLibrary.Load("ckpt"), includeCode: false);
        var kernel = Microkernel.Boot(seed: 2);
        var task = new Restorer(kernel).Restore(first).Tasks.Single().Task;
        kernel.Run(1_000);
        var second = temp.File("second.snap");
        new Checkpointer(kernel).Checkpoint(new CheckpointRequest([task.Id], second) { Kill = KillPolicy.Zero, IncludeCode = includeCode });

        using var reader = ImageReader.Open(second);
        var metadata = reader.ReadMetadata().Tasks.Single();
        var code = metadata.Areas.Single(area => area.Kind == AreaKind.Code);
        Assert.Equal(includeCode ? AreaBacking.Program : AreaBacking.ProgramReference, code.Backing);
        Assert.Equal(includeCode, reader.Index.Any(entry => entry.AreaId == code.AreaId && entry.Type == SectionType.MemoryChunk));
        Assert.True(ImageValidator.Validate(second).IsValid);
        var restored = new Restorer(Microkernel.Boot(seed: 2)).Restore(second).Tasks.Single().Task;
        var bytes = new byte[ProgramLibrary.Load("ckpt").Code.Length];
        restored.AddressSpace.Areas.Single(area => area.Kind == AreaKind.Code).Read(0, bytes);
        Assert.Equal(ProgramLibrary.Load("ckpt").Code, bytes);
    }

    [Fact]
    public void Restore_refuses_in_one_line_naming_the_program_when_the_image_names_another_version_of_it()
    {
        using var temp = new TempDirectory();
        var image = Checkpoint(temp, ProgramLibrary.Load("ckpt"), includeCode: false);
        // The image as a ckpt of another release would leave it: same name, another program hash.
        var other = Hash256.Compute("another ckpt"u8);
        var changed = temp.File("other-ckpt.snap");
        ImageRewriter.Rewrite(image, changed, task: task => task with { Task = task.Task with { ProgramHash = other } });

        var kernel = Microkernel.Boot();
        var error = Assert.Throws<RestoreException>(() => new Restorer(kernel).Restore(changed));
        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains($"program 'ckpt' {other.Short}, but kernel-sim's 'ckpt' is {ProgramLibrary.Load("ckpt").Hash.Short}", error.Message, StringComparison.Ordinal);
        Assert.Contains("with --include-code", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(kernel.Tasks, task => task.ProgramName == "ckpt");
    }

    [Fact]
    public void Restore_refuses_naming_the_program_when_the_catalog_does_not_have_it()
    {
        using var temp = new TempDirectory();
        var image = Checkpoint(temp, ProgramLibrary.Load("ckpt"), includeCode: false);
        var renamed = temp.File("renamed.snap");
        ImageRewriter.Rewrite(image, renamed, task: task => task with { Task = task.Task with { ProgramName = "ckpt-9" } });

        var error = Assert.Throws<RestoreException>(() => new Restorer(Microkernel.Boot()).Restore(renamed));
        Assert.Contains("stored by reference to program 'ckpt-9'", error.Message, StringComparison.Ordinal);
        Assert.Contains("which kernel-sim's catalog does not have", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_program_the_catalog_does_not_hold_keeps_its_code_pages_and_restores()
    {
        using var temp = new TempDirectory();
        var own = TestPrograms.Assemble(TestPrograms.Spin, "spin");
        var image = Checkpoint(temp, own, includeCode: false);
        using (var reader = ImageReader.Open(image))
        {
            Assert.Equal(AreaBacking.Program, reader.ReadMetadata().Tasks.Single().Areas.Single(area => area.Kind == AreaKind.Code).Backing);
        }

        var restored = new Restorer(Microkernel.Boot()).Restore(image).Tasks.Single().Task;
        Assert.Equal("spin", restored.ProgramName);
    }
}
