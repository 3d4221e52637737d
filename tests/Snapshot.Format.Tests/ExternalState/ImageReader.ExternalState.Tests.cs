using System.Buffers.Binary;
using Snapshot.Format.Tests.Support;

namespace Snapshot.Format.Tests;

/// <summary>The "external-state" bit and its sections come together, like "repaired" and REPAIR.</summary>
public class ImageReaderExternalStateTests
{
    [Fact]
    public void An_external_section_in_an_image_without_the_bit_is_refused_by_both_readers()
    {
        TestTask task = TestTask.Create(1, 1, 1);
        using var buffer = new MemoryStream();
        using (ImageWriter writer = ImageWriter.Create(buffer, TestImage.Profile.Stamp))
        {
            writer.WriteCheckpoint(new CheckpointRecord([1], false));
            writer.WriteTask(task.Task);
            // What a writer that forgot the bit would produce: a TASK_IPC v1 payload for task 1.
            byte[] payload = new byte[36];
            BinaryPrimitives.WriteUInt64LittleEndian(payload, 1);
            writer.WriteOpaqueSection(SectionType.TaskIpc, 1, SectionFlags.Critical, payload);
            writer.Complete();
        }
        byte[] bytes = buffer.ToArray();
        using var dir = new TempDirectory();
        string path = dir.File("no-bit.snap");
        File.WriteAllBytes(path, bytes);

        SnapshotFormatException? fromFile = ImageChecks.ReadFully(path);
        SnapshotFormatException? fromStream = ImageChecks.StreamFully(bytes);

        Assert.NotNull(fromFile);
        Assert.Equal("TASK_IPC", fromFile.Section);
        Assert.Contains("\"external-state\"", fromFile.Reason);
        // The opaque writer leaves the index entry's task id 0, which the stream reader notices first.
        Assert.NotNull(fromStream);
    }

    [Fact]
    public void The_bit_without_a_cooperation_section_is_refused()
    {
        TestTask task = TestTask.Create(1, 1, 1);
        using var buffer = new MemoryStream();
        using (ImageWriter writer = ImageWriter.Create(buffer, TestImage.Profile.Stamp, null,
                   new FeatureSet(Features.IncompatZstd | Features.IncompatExternalState, 0, 0),
                   [new FeatureName(FeatureKind.Incompatible, 0, "zstd"), new FeatureName(FeatureKind.Incompatible, 2, "external-state")]))
        {
            writer.WriteCheckpoint(new CheckpointRecord([1], false));
            writer.WriteTask(task.Task);
            writer.Complete();
        }

        SnapshotFormatException? error = ImageChecks.StreamFully(buffer.ToArray());

        Assert.NotNull(error);
        Assert.Equal("COOPERATION", error.Section);
    }
}
