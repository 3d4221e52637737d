using Snapshot.Format.Kernels;
using Snapshot.Format.Tests.Support;
using Snapshot.Format.Validation;

namespace Snapshot.Format.Tests;

public class ImageValidatorValidateTests
{
    [Fact]
    public void A_good_image_has_no_problems_and_everything_is_counted()
    {
        using var dir = new TempDirectory();
        var image = TestImage.Small(seed: 8, dataPages: 30);
        image.Tasks.Add(TestTask.Create(2, 9, 3));
        string path = image.WriteFile(dir);
        var progress = new RecordingProgress();

        ValidationReport report = ImageValidator.Validate(path, progress);

        Assert.True(report.IsValid, string.Join("\n", report.Problems));
        Assert.Equal(path, report.Path);
        using ImageReader reader = ImageReader.Open(path);
        Assert.Equal(reader.Index.Count + 1, report.SectionsChecked);
        Assert.Equal(reader.Index.Count(e => e.Type == SectionType.MemoryChunk), report.ChunksChecked);
        Assert.Equal(reader.Index.Sum(e => (long)e.PresentPages) * TestImage.PageSize, report.PageBytesChecked);
        Assert.Equal(0, progress.Values[0]);
        Assert.Equal(1, progress.Values[^1]);
        Assert.Equal(progress.Values.Order(), progress.Values);
    }

    [Fact]
    public void Every_damaged_section_is_listed_not_just_the_first()
    {
        using var dir = new TempDirectory();
        byte[] image = TestImage.Small(dataPages: 30).Write();
        var chunks = ImageBytes.Sections(image).Where(s => s.Header.Type == SectionType.MemoryChunk).ToList();
        image[chunks[0].Offset + 40] ^= 1;
        image[chunks[^1].Offset + 40] ^= 1;
        string path = dir.File("damaged.snap");
        File.WriteAllBytes(path, image);

        ValidationReport report = ImageValidator.Validate(path);
        Assert.Contains(report.Problems, p => p.Offset == chunks[0].Offset && p.Section == "MEMCHUNK" && p.Message.Contains("CRC32C"));
        Assert.Contains(report.Problems, p => p.Offset == chunks[^1].Offset && p.Section == "MEMCHUNK");
        Assert.Equal(chunks.Count - 2, report.ChunksChecked);
    }

    [Fact]
    public void A_destroyed_section_header_is_skipped_by_resyncing_and_the_rest_is_checked()
    {
        using var dir = new TempDirectory();
        byte[] image = TestImage.Small(dataPages: 30).Write();
        long thread = ImageBytes.SectionOffset(image, SectionType.Thread);
        image.AsSpan((int)thread, 32).Fill(0xEE);
        string path = dir.File("resync.snap");
        File.WriteAllBytes(path, image);

        ValidationReport report = ImageValidator.Validate(path);
        Assert.Contains(report.Problems, p => p.Offset == thread && p.Message.Contains("sync marker"));
        Assert.Contains(report.Problems, p => p.Message.Contains("skipped to the next sync marker"));
        Assert.Contains(report.Problems, p => p.Section == "INDEX" && p.Message.Contains("lists"));
        Assert.True(report.ChunksChecked > 0);
    }

    [Fact]
    public void Cross_references_are_checked()
    {
        using var dir = new TempDirectory();
        var image = TestImage.Small();
        image.Tasks.Add(TestTask.Create(2, 5, 3));
        TestTask task = image.Tasks[0];
        task.Areas[2] = task.Areas[2] with { Base = 0x21000 }; // overlaps the data area
        string path = dir.File("refs.snap");
        using (FileStream stream = File.Create(path))
        {
            using ImageWriter writer = ImageWriter.Create(stream, TestImage.Profile.Stamp);
            writer.WriteCheckpoint(new CheckpointRecord([1, 3, 3], false)); // task 3 does not exist, twice; task 2 missing
            foreach (TestTask t in image.Tasks)
            {
                writer.WriteTask(t.Task);
                writer.WriteAreas(t.Task.TaskId, t.Areas);
                writer.WriteThread(t.Threads[0]);
            }
            writer.WriteThread(task.Threads[0]); // duplicate thread
            writer.Complete();
        }

        string[] messages = [.. ImageValidator.Validate(path).Problems.Select(p => p.ToString())];
        Assert.Contains(messages, m => m.Contains("names task 3, which has no TASK section"));
        Assert.Contains(messages, m => m.Contains("task 3 is listed twice"));
        Assert.Contains(messages, m => m.Contains("task 2 is not in the checkpoint set"));
        Assert.Contains(messages, m => m.Contains("areas 2 and 3 of task 1 overlap"));
        Assert.Contains(messages, m => m.Contains("thread 1 of task 1 appears twice"));
    }

    [Fact]
    public void Blobs_are_checked_against_the_build_profile()
    {
        using var dir = new TempDirectory();
        var image = TestImage.Small();
        ThreadRecord thread = image.Tasks[0].Threads[0];
        var stack = TestImage.Profile.KernelStack.Decode(thread.KernelStack.Span).ToDictionary();
        stack["stop_site"] = 0x1234;
        image.Tasks[0].Threads[0] = thread with { KernelStack = TestImage.Profile.KernelStack.Encode(stack) };
        string path = image.WriteFile(dir);

        ValidationProblem problem = Assert.Single(ImageValidator.Validate(path).Problems);
        Assert.Equal("THREAD", problem.Section);
        Assert.Contains("0x1234 is not a stop site of build spartan-0.4", problem.Message);
    }

    [Fact]
    public void An_unknown_build_is_a_problem()
    {
        using var dir = new TempDirectory();
        string path = dir.File("unknown.snap");
        using (FileStream stream = File.Create(path))
        {
            var stamp = new KernelBuildStamp("other", "1.0", Hash256.Compute("x"u8), "sim64", 4096);
            using ImageWriter writer = ImageWriter.Create(stream, stamp);
            writer.WriteCheckpoint(new CheckpointRecord([], false));
            writer.Complete();
        }
        ValidationProblem problem = Assert.Single(ImageValidator.Validate(path).Problems);
        Assert.Contains("not a known build", problem.Message);
    }

    [Fact]
    public void A_chunk_beyond_its_area_is_a_problem()
    {
        using var dir = new TempDirectory();
        var image = TestImage.Small();
        string path = dir.File("beyond.snap");
        byte[] page = new byte[TestImage.PageSize];
        page[1] = 1;
        TestTask task = image.Tasks[0];
        using (FileStream stream = File.Create(path))
        {
            using ImageWriter writer = ImageWriter.Create(stream, TestImage.Profile.Stamp);
            writer.WriteCheckpoint(new CheckpointRecord([1], false));
            writer.WriteTask(task.Task);
            writer.WriteAreas(1, task.Areas);
            // Written against a larger view of the code area than the AREAS section declares.
            writer.WriteAreaMemory(1, task.Areas[0] with { Size = 0x100000 }, [new PageData(100, page)]);
            writer.Complete();
        }
        ValidationProblem problem = Assert.Single(ImageValidator.Validate(path).Problems);
        Assert.Contains("beyond area 1", problem.Message);
    }

    [Fact]
    public void Not_an_image_cannot_be_checked()
    {
        using var dir = new TempDirectory();
        string path = dir.File("text.snap");
        File.WriteAllText(path, "hello, this is not an image at all, just some text that is long enough");
        var e = Assert.Throws<SnapshotFormatException>(() => ImageValidator.Validate(path));
        Assert.Contains("bad magic", e.Reason);
    }

    private sealed class RecordingProgress : IProgress<double>
    {
        public List<double> Values { get; } = [];

        public void Report(double value) => Values.Add(value);
    }
}
