using Snapshot.Format.Tests.Support;

namespace Snapshot.Format.Tests;

public class ExternalStateRoundTripTests
{
    [Fact]
    public void The_file_reader_returns_the_external_state_as_written()
    {
        using var dir = new TempDirectory();
        ExternalSetImage set = ExternalSetImage.Create();
        string path = dir.File("set.snap");
        File.WriteAllBytes(path, set.Write(new ImageWriterOptions { Compatibility = FormatVersion.V1_2 }));

        using ImageReader reader = ImageReader.Open(path);
        ImageMetadata metadata = reader.ReadMetadata();

        Assert.Equal(new FormatVersion(1, 2), metadata.Header.Version);
        Assert.Equal(Features.IncompatZstd | Features.IncompatExternalState, metadata.Header.Features.Incompatible);
        Assert.Contains(metadata.Header.FeatureNames, name => name.Name == "external-state" && name.Bit == 2);
        AssertSameExternalState(set.External, metadata.External);
        Assert.Equal(AreaBacking.Shared, metadata.Tasks[0].Areas.Single(a => a.AreaId == ExternalSetImage.SharedAreaId).Backing);
    }

    [Fact]
    public void The_stream_reader_accepts_the_same_image_and_returns_the_same_state()
    {
        ExternalSetImage set = ExternalSetImage.Create();
        byte[] bytes = set.Write();
        var sections = new List<IndexEntry>();

        ImageMetadata metadata = ImageStreamReader.Read(new NonSeekableStream(bytes, maxRead: 333), onSection: sections.Add);

        AssertSameExternalState(set.External, metadata.External);
        Assert.Equal([SectionType.Checkpoint, SectionType.Cooperation, SectionType.SharedAreas, SectionType.Calls, SectionType.Task],
            sections.Select(s => s.Type).Take(5));
        Assert.All(sections.Where(s => s.Type is SectionType.TaskIpc or SectionType.Files), s => Assert.NotEqual(0UL, s.TaskId));
    }

    [Fact]
    public void Index_entries_of_per_task_external_sections_carry_the_task_id()
    {
        using var dir = new TempDirectory();
        using ImageReader reader = ImageReader.Open(ExternalSetImage.Create().WriteFile(dir));

        Assert.Equal([ExternalSetImage.Client, ExternalSetImage.Server],
            reader.Index.Where(e => e.Type == SectionType.TaskIpc).Select(e => e.TaskId));
        Assert.Equal([ExternalSetImage.Client], reader.Index.Where(e => e.Type == SectionType.Files).Select(e => e.TaskId));
        Assert.All(reader.Index.Where(e => e.Type is SectionType.Cooperation or SectionType.Calls or SectionType.SharedAreas),
            e => Assert.Equal(0UL, e.TaskId));
    }

    [Fact]
    public void The_same_set_always_yields_the_same_bytes()
    {
        Assert.Equal(ExternalSetImage.Create().Write(), ExternalSetImage.Create().Write());
    }

    [Fact]
    public void An_image_without_external_state_stays_format_1_0_and_has_none()
    {
        using var dir = new TempDirectory();
        var image = new TestImage { Options = new ImageWriterOptions { Compatibility = FormatVersion.V1_2 } };
        image.Tasks.Add(TestTask.Create(1, seed: 1, dataPages: 6));
        using ImageReader reader = ImageReader.Open(image.WriteFile(dir));

        ImageMetadata metadata = reader.ReadMetadata();

        Assert.Equal(new FormatVersion(1, 0), metadata.Header.Version);
        Assert.Null(metadata.External);
    }

    [Fact]
    public void Empty_lists_round_trip_and_missing_shared_and_call_sections_read_as_empty()
    {
        var cooperation = new CooperationRecord(CheckpointErrorPolicy.Resume, KillPolicy.All, 0, [], [], []);
        TestTask task = TestTask.Create(3, seed: 2, dataPages: 1);
        using var buffer = new MemoryStream();
        using (ImageWriter writer = ImageWriter.Create(buffer, TestImage.Profile.Stamp, new ImageWriterOptions { HasExternalState = true }))
        {
            writer.WriteCheckpoint(new CheckpointRecord([3], false));
            writer.WriteCooperation(cooperation);
            writer.WriteTask(task.Task);
            writer.WriteTaskIpc(new TaskIpcRecord(3, 1, 1, 1, []));
            writer.Complete();
        }

        ImageMetadata metadata = ImageStreamReader.Read(new MemoryStream(buffer.ToArray()));

        Assert.NotNull(metadata.External);
        Assert.Equal(CheckpointErrorPolicy.Resume, metadata.External.Cooperation.ErrorPolicy);
        Assert.Equal(KillPolicy.All, metadata.External.Cooperation.Kill);
        Assert.Empty(metadata.External.SharedAreas);
        Assert.Empty(metadata.External.Calls);
        Assert.Empty(metadata.External.Files);
        Assert.Empty(Assert.Single(metadata.External.TaskIpc).Phones);
    }

    internal static void AssertSameExternalState(ExternalState expected, ExternalState? actual)
    {
        Assert.NotNull(actual);
        CooperationRecord c = actual.Cooperation;
        Assert.Equal((expected.Cooperation.ErrorPolicy, expected.Cooperation.Kill, expected.Cooperation.TimeoutTicks), (c.ErrorPolicy, c.Kill, c.TimeoutTicks));
        Assert.Equal(expected.Cooperation.Services, c.Services);
        Assert.Equal(expected.Cooperation.OutsideTaskIds, c.OutsideTaskIds);
        Assert.Equal(expected.Cooperation.OutsidePhones, c.OutsidePhones);
        Assert.Equal(expected.Cooperation.Connections.Count, c.Connections.Count);
        for (int i = 0; i < c.Connections.Count; i++)
        {
            Assert.Equal(expected.Cooperation.Connections[i] with { State = [] }, c.Connections[i] with { State = [] });
            Assert.Equal(expected.Cooperation.Connections[i].State, c.Connections[i].State);
        }
        Assert.Equal(expected.SharedAreas.Count, actual.SharedAreas.Count);
        for (int i = 0; i < actual.SharedAreas.Count; i++)
        {
            Assert.Equal(expected.SharedAreas[i] with { Participants = [] }, actual.SharedAreas[i] with { Participants = [] });
            Assert.Equal(expected.SharedAreas[i].Participants, actual.SharedAreas[i].Participants);
        }
        Assert.Equal(expected.Calls.Select(call => call.KernelCall.ToArray()), actual.Calls.Select(call => call.KernelCall.ToArray()));
        Assert.Equal(expected.TaskIpc.Count, actual.TaskIpc.Count);
        for (int i = 0; i < actual.TaskIpc.Count; i++)
        {
            Assert.Equal(expected.TaskIpc[i] with { Phones = [] }, actual.TaskIpc[i] with { Phones = [] });
            Assert.Equal(expected.TaskIpc[i].Phones, actual.TaskIpc[i].Phones);
        }
        Assert.Equal(expected.Files.Count, actual.Files.Count);
        for (int i = 0; i < actual.Files.Count; i++)
        {
            Assert.Equal(expected.Files[i] with { Files = [] }, actual.Files[i] with { Files = [] });
            Assert.Equal(expected.Files[i].Files.Select(f => f with { Contents = default }), actual.Files[i].Files.Select(f => f with { Contents = default }));
            Assert.Equal(expected.Files[i].Files.Select(f => f.Contents.ToArray()), actual.Files[i].Files.Select(f => f.Contents.ToArray()));
        }
    }
}
