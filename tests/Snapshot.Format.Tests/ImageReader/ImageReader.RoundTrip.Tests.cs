using Snapshot.Format.Tests.Support;

namespace Snapshot.Format.Tests;

public class ImageReaderRoundTripTests
{
    [Fact]
    public void Metadata_and_pages_read_back_as_written()
    {
        using var dir = new TempDirectory();
        TestImage image = TestImage.Small(seed: 3, dataPages: 20);
        string path = image.WriteFile(dir);

        using ImageReader reader = ImageReader.Open(path);
        ImageMetadata metadata = reader.ReadMetadata();

        Assert.Equal(TestImage.Profile.Stamp, metadata.Header.Build);
        Assert.Equal(FormatVersion.Current, metadata.Header.Version);
        TestTask expected = image.Tasks[0];
        TaskMetadata task = Assert.Single(metadata.Tasks);
        Assert.Equal(expected.Task.TaskId, task.Task.TaskId);
        Assert.Equal(expected.Task.KernelTask.ToArray(), task.Task.KernelTask.ToArray());
        Assert.Equal(expected.Areas, task.Areas);
        ThreadRecord thread = Assert.Single(task.Threads);
        Assert.Equal(expected.Threads[0].KernelStack.ToArray(), thread.KernelStack.ToArray());

        foreach (AreaRecord area in expected.Areas)
        {
            var read = reader.ReadChunks(task.Task.TaskId, area.AreaId).SelectMany(c => c.Pages())
                .Select(p => (p.PageIndex, Bytes: p.Bytes.ToArray())).ToList();
            var written = expected.Pages[area.AreaId].Where(p => p.Bytes.Span.ContainsAnyExcept((byte)0))
                .Select(p => (p.PageIndex, Bytes: p.Bytes.ToArray())).ToList();
            Assert.Equal(written.Select(p => p.PageIndex), read.Select(p => p.PageIndex));
            for (int i = 0; i < written.Count; i++)
                Assert.Equal(written[i].Bytes, read[i].Bytes);
        }
    }
}
