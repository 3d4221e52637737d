using Snapshot.Format.Tests.Support;

namespace Snapshot.Format.Tests;

public class AtomicFileWriteTests
{
    [Fact]
    public void The_target_gets_the_complete_content_and_no_temporary_file_remains()
    {
        using var dir = new TempDirectory();
        string path = dir.File("out.bin");
        File.WriteAllText(path, "old");
        AtomicFile.Write(path, s => s.Write("new content"u8));
        Assert.Equal("new content", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void A_failing_writer_leaves_the_target_untouched_and_cleans_up()
    {
        using var dir = new TempDirectory();
        string path = dir.File("out.bin");
        File.WriteAllText(path, "old");
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.Write("partial"u8);
            throw new InvalidOperationException("boom");
        }));
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(dir.Path));
    }
}
