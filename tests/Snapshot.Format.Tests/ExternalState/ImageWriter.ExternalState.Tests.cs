using Snapshot.Format.Tests.Support;

namespace Snapshot.Format.Tests;

public class ImageWriterExternalStateTests
{
    private static readonly CooperationRecord s_cooperation = new(CheckpointErrorPolicy.Cancel, KillPolicy.None, 10, [], [], []);

    [Fact]
    public void External_sections_need_an_image_created_with_external_state()
    {
        using ImageWriter writer = ImageWriter.Create(Stream.Null, TestImage.Profile.Stamp);
        writer.WriteCheckpoint(new CheckpointRecord([1], false));

        var error = Assert.Throws<InvalidOperationException>(() => writer.WriteCooperation(s_cooperation));
        Assert.Contains("HasExternalState", error.Message);
    }

    [Fact]
    public void Set_level_sections_come_once_each_in_order_before_the_tasks()
    {
        using ImageWriter writer = External();
        Assert.Throws<InvalidOperationException>(() => writer.WriteCalls([]));
        writer.WriteCooperation(s_cooperation);
        Assert.Throws<InvalidOperationException>(() => writer.WriteCooperation(s_cooperation));
        writer.WriteCalls([]);
        Assert.Throws<InvalidOperationException>(() => writer.WriteSharedAreas([]));
        writer.WriteTask(TestTask.Create(1, 1, 1).Task);
        Assert.Throws<InvalidOperationException>(() => writer.WriteCalls([]));
    }

    [Fact]
    public void A_task_before_the_cooperation_section_is_refused()
    {
        using ImageWriter writer = External();
        Assert.Throws<InvalidOperationException>(() => writer.WriteTask(TestTask.Create(1, 1, 1).Task));
    }

    [Fact]
    public void Task_ipc_and_files_follow_their_task_once_and_precede_its_memory()
    {
        using ImageWriter writer = External();
        writer.WriteCooperation(s_cooperation);
        TestTask task = TestTask.Create(1, 1, 1);
        var files = new TaskFilesRecord(1, 1, "/", []);
        Assert.Throws<InvalidOperationException>(() => writer.WriteTaskIpc(new TaskIpcRecord(1, 1, 1, 1, [])));
        writer.WriteTask(task.Task);
        writer.WriteAreas(1, task.Areas);
        Assert.Throws<InvalidOperationException>(() => writer.WriteTaskFiles(files));
        writer.WriteTaskIpc(new TaskIpcRecord(1, 1, 1, 1, []));
        Assert.Throws<InvalidOperationException>(() => writer.WriteTaskIpc(new TaskIpcRecord(1, 1, 1, 1, [])));
        writer.WriteTaskFiles(files);
        Assert.Throws<InvalidOperationException>(() => writer.WriteTaskFiles(files));
        writer.WriteAreaMemory(1, task.Areas[0], task.Pages[task.Areas[0].AreaId]);
    }

    [Fact]
    public void Complete_requires_the_cooperation_section_and_a_task_ipc_section_per_task()
    {
        using (ImageWriter writer = External())
            Assert.Throws<InvalidOperationException>(writer.Complete);

        using ImageWriter other = External();
        other.WriteCooperation(s_cooperation);
        other.WriteTask(TestTask.Create(1, 1, 1).Task);
        var error = Assert.Throws<InvalidOperationException>(other.Complete);
        Assert.Contains("task 1 has no TASK_IPC", error.Message);
    }

    [Fact]
    public void A_shared_area_needs_an_image_with_external_state()
    {
        using ImageWriter writer = ImageWriter.Create(Stream.Null, TestImage.Profile.Stamp);
        writer.WriteCheckpoint(new CheckpointRecord([1], false));
        writer.WriteTask(TestTask.Create(1, 1, 1).Task);

        Assert.Throws<ArgumentException>(() => writer.WriteAreas(1,
            [new AreaRecord(1, 0x10000, 0x1000, AreaFlags.Read, AreaKind.Data, AreaBacking.Shared, "shm")]));
    }

    [Theory]
    [InlineData("peer")]
    [InlineData("mode")]
    [InlineData("policy")]
    [InlineData("contents")]
    public void Records_the_format_cannot_hold_are_refused_before_anything_is_written(string what)
    {
        using ImageWriter writer = External();
        writer.WriteCooperation(s_cooperation);
        writer.WriteTask(TestTask.Create(1, 1, 1).Task);
        long before = writer.Position;
        var file = new OpenFileRecord(1, 1, 1, "/f", FileOpenMode.Read, 0, FilePolicy.Volatile, 0, Hash256.Zero, ReadOnlyMemory<byte>.Empty);
        Action write = what switch
        {
            "peer" => () => writer.WriteTaskIpc(new TaskIpcRecord(1, 1, 1, 1, [new PhoneRecord(0, false, new PeerRef((PeerKind)9, 1))])),
            "mode" => () => writer.WriteTaskFiles(new TaskFilesRecord(1, 1, "/", [file with { Mode = FileOpenMode.None }])),
            "policy" => () => writer.WriteTaskFiles(new TaskFilesRecord(1, 1, "/", [file with { Policy = (FilePolicy)7 }])),
            _ => () => writer.WriteTaskFiles(new TaskFilesRecord(1, 1, "/", [file with { Contents = new byte[32 * 1024 * 1024 + 1] }])),
        };
        if (what is "mode" or "policy" or "contents")
            writer.WriteTaskIpc(new TaskIpcRecord(1, 1, 1, 1, []));
        before = writer.Position;

        Assert.Throws<ArgumentException>(write);
        Assert.Equal(before, writer.Position);
    }

    private static ImageWriter External()
    {
        ImageWriter writer = ImageWriter.Create(Stream.Null, TestImage.Profile.Stamp, new ImageWriterOptions { HasExternalState = true });
        writer.WriteCheckpoint(new CheckpointRecord([1], false));
        return writer;
    }
}
