using KernelSim.Assembler;
using KernelSim.Services;
using KernelSim.Services.Vfs;

namespace KernelSim.Tests.Services;

/// <summary>The in-memory file system's paths and limits, and booting without services.</summary>
public sealed class MemoryFileSystemTests
{
    [Theory]
    [InlineData("/a/b", true, "a,b")]
    [InlineData("a//b/", false, "a,b")]
    [InlineData("../x/.", false, "..,x,.")]
    public void Paths_parse_into_components(string text, bool absolute, string components)
    {
        var path = VfsPath.Parse(text)!;
        Assert.Equal(absolute, path.IsAbsolute);
        Assert.Equal(components, string.Join(',', path.Components));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/a b")]
    [InlineData("/\u00e9")]
    public void Bad_paths_do_not_parse(string text) => Assert.Null(VfsPath.Parse(text));

    [Fact]
    public void Long_paths_and_names_do_not_parse()
    {
        Assert.Null(VfsPath.Parse("/" + new string('a', VfsPath.MaxNameLength + 1)));
        Assert.Null(VfsPath.Parse(new string('a', VfsPath.MaxLength + 1)));
        Assert.NotNull(VfsPath.Parse("/" + new string('a', VfsPath.MaxNameLength)));
    }

    [Fact]
    public void Dot_dot_stops_at_the_root_and_node_ids_come_from_a_counter()
    {
        var fs = new MemoryFileSystem(1);
        Assert.Null(fs.Create(VfsPath.Parse("/d")!, fs.Root, directory: true, out var d));
        Assert.Null(fs.Create(VfsPath.Parse("f")!, d, directory: false, out var f));
        Assert.Equal((2UL, 3UL), (d.Id, f.Id));
        Assert.Null(fs.Lookup(VfsPath.Parse("../../../d/./f")!, d, out var found));
        Assert.Same(f, found);
        Assert.Equal(VfsError.NotEmpty, fs.Remove(VfsPath.Parse("/d")!, fs.Root));
        Assert.Null(fs.Remove(VfsPath.Parse("/d/f")!, fs.Root));
        Assert.False(f.IsLinked);
        Assert.Equal("/d/f", f.Path);
        Assert.Equal(2, fs.NodeCount);
        Assert.Null(fs.Create(VfsPath.Parse("/d/f")!, fs.Root, directory: false, out var again));
        Assert.Equal(4UL, again.Id); // never reused
    }

    [Fact]
    public void Files_are_bounded_in_size_and_count()
    {
        var fs = new MemoryFileSystem(1);
        Assert.Null(fs.Put(VfsPath.Parse("/f")!, "ab"u8, out var file));
        Assert.Equal(VfsError.TooBig, MemoryFileSystem.Write(file, MemoryFileSystem.MaxFileSize - 1, "xy"u8));
        Assert.Null(MemoryFileSystem.Write(file, 5, "z"u8));
        Assert.Equal("ab\0\0\0z"u8.ToArray(), file.Content.ToArray());
        Assert.Equal(VfsError.TooBig, MemoryFileSystem.Truncate(file, MemoryFileSystem.MaxFileSize + 1UL));
        for (var i = fs.NodeCount; i < MemoryFileSystem.MaxNodes; i++)
        {
            Assert.Null(fs.Create(VfsPath.Parse($"/n{i}")!, fs.Root, directory: false, out _));
        }

        Assert.Equal(VfsError.NoMemory, fs.Create(VfsPath.Parse("/one-more")!, fs.Root, directory: false, out _));
    }

    [Fact]
    public void A_kernel_without_the_naming_service_gives_tasks_no_phone_0_and_the_samples_end_with_exit_3()
    {
        var kernel = new ServiceKernel("ns");
        Assert.Null(kernel.Kernel.FindService(ServiceIds.Naming));
        Assert.NotNull(kernel.Kernel.FindService(ServiceIds.Vfs));
        var task = kernel.Kernel.Spawn(ProgramLibrary.Load("tetris"));
        kernel.RunToEnd();
        Assert.Equal(3, task.ExitCode);
        Assert.Throws<ArgumentException>(() => StandardServices.Boot(KernelSim.Kernel.Microkernel.Boot(), ["disk"]));
    }
}
