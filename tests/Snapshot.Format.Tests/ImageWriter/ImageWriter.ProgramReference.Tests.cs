using Snapshot.Format.Tests.Support;
using Snapshot.Format.Validation;

namespace Snapshot.Format.Tests;

/// <summary>Areas stored by reference to the program (format 1.3, AREAS backing 3, "program-reference" bit).</summary>
public sealed class ImageWriterProgramReferenceTests
{
    private const uint CodeAreaId = 1;

    private static byte[] Write(ImageWriterOptions options, bool codeMemory = false)
    {
        TestTask task = TestTask.Create(1, seed: 3, dataPages: 4);
        AreaRecord[] areas = [.. task.Areas.Select(area => area.AreaId == CodeAreaId ? area with { Backing = AreaBacking.ProgramReference } : area)];
        using var buffer = new MemoryStream();
        using (ImageWriter writer = ImageWriter.Create(buffer, TestImage.Profile.Stamp, options))
        {
            writer.WriteCheckpoint(new CheckpointRecord([1], false));
            writer.WriteTask(task.Task);
            writer.WriteAreas(1, areas);
            foreach (ThreadRecord thread in task.Threads)
                writer.WriteThread(thread);
            foreach (AreaRecord area in areas.Where(area => codeMemory || area.Backing != AreaBacking.ProgramReference))
                writer.WriteAreaMemory(1, area, task.Pages.GetValueOrDefault(area.AreaId, []));
            writer.Complete();
        }
        return buffer.ToArray();
    }

    [Fact]
    public void An_area_by_reference_has_backing_3_no_chunks_and_the_bit_and_the_image_is_valid()
    {
        using var temp = new TempDirectory();
        string path = temp.File("by-reference.snap");
        File.WriteAllBytes(path, Write(new ImageWriterOptions { ProgramReferences = true }));

        using (ImageReader reader = ImageReader.Open(path))
        {
            Assert.Equal(Features.IncompatProgramReference, reader.Header.Features.Incompatible & Features.IncompatProgramReference);
            Assert.Contains(reader.Header.FeatureNames, name => name is { Kind: FeatureKind.Incompatible, Bit: 5, Name: "program-reference" });
            Assert.Equal(FormatVersion.V1_3, reader.Header.Version);
            AreaRecord code = reader.ReadMetadata().Tasks.Single().Areas.Single(area => area.AreaId == CodeAreaId);
            Assert.Equal(AreaBacking.ProgramReference, code.Backing);
            Assert.DoesNotContain(reader.Index, entry => entry.AreaId == CodeAreaId && entry.Type is SectionType.MemoryChunk or SectionType.ChunkReference);
        }

        Assert.True(ImageValidator.Validate(path).IsValid);
    }

    [Fact]
    public void Program_references_need_compatibility_1_3()
    {
        var error = Assert.Throws<ArgumentException>(() => Write(new ImageWriterOptions { ProgramReferences = true, Compatibility = FormatVersion.V1_2 }));
        Assert.Contains("need format 1.3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Backing_3_without_the_option_is_refused_by_the_writer()
    {
        var error = Assert.Throws<ArgumentException>(() => Write(new ImageWriterOptions()));
        Assert.Contains("\"program-reference\" feature bit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Memory_for_an_area_by_reference_is_refused_by_the_writer()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Write(new ImageWriterOptions { ProgramReferences = true }, codeMemory: true));
        Assert.Contains("stored by reference to the program and holds no chunks", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reader_refuses_backing_3_in_an_image_without_the_bit()
    {
        // A hostile image: the bit cleared in the header (and the header CRC made right), so an old reader would not refuse it.
        byte[] image = Write(new ImageWriterOptions { ProgramReferences = true });
        Span<byte> mask = image.AsSpan(Layout.HeaderLayout.IncompatibleOffset, sizeof(ulong));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(mask,
            System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(mask) & ~Features.IncompatProgramReference);
        ImageBytes.ResealHeader(image);
        using var temp = new TempDirectory();
        string path = temp.File("no-bit.snap");
        File.WriteAllBytes(path, image);

        using ImageReader reader = ImageReader.Open(path);
        var error = Assert.Throws<SnapshotFormatException>(() => reader.ReadMetadata());
        Assert.Contains("without the \"program-reference\" feature bit", error.Message, StringComparison.Ordinal);
    }
}
