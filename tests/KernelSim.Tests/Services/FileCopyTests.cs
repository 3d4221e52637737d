using KernelSim.Assembler;
using KernelSim.Scenarios.Steps;

namespace KernelSim.Tests.Services;

/// <summary>The filecopy sample: copies through the vfs service with both files open, output through the console service.</summary>
public sealed class FileCopyTests
{
    [Fact]
    public void Copies_the_file_in_blocks_and_prints_progress_and_checksum()
    {
        var kernel = new ServiceKernel();
        var content = FileStep.Generate(150, seed: 7);
        Assert.Null(kernel.Vfs.FileSystem.Put(Path("/data/in.txt"), content, out _));
        var task = kernel.Kernel.Spawn(ProgramLibrary.Load("filecopy"), 64);
        kernel.RunToEnd();
        Assert.Equal(0, task.ExitCode);
        ulong checksum = 0;
        foreach (var b in content)
        {
            checksum = unchecked(checksum * 31 + b);
        }

        Assert.Equal($"""
            filecopy: 150 bytes in blocks of 64
            filecopy: copied 64 of 150
            filecopy: copied 128 of 150
            filecopy: copied 150 of 150
            filecopy: done, 150 bytes, checksum {checksum}

            """.ReplaceLineEndings("\n"), kernel.Output);
        Assert.Null(kernel.Vfs.FileSystem.Lookup(Path("/data/out.txt"), kernel.Vfs.FileSystem.Root, out var copy));
        Assert.Equal(content, copy.Content.ToArray());
    }

    [Fact]
    public void A_missing_source_ends_with_a_line_and_exit_1()
    {
        var kernel = new ServiceKernel();
        var task = kernel.Kernel.Spawn(ProgramLibrary.Load("filecopy"));
        kernel.RunToEnd();
        Assert.Equal(1, task.ExitCode);
        Assert.Equal("filecopy: cannot open /data/in.txt\n", kernel.Output);
    }

    [Fact]
    public void Without_a_console_service_its_connection_attempt_waits_at_the_naming_service()
    {
        var kernel = new ServiceKernel("console");
        var task = kernel.Kernel.Spawn(ProgramLibrary.Load("filecopy"));
        kernel.Kernel.Run(2000);
        // connect-me-to "console" waits at the naming service for a server that never registers
        Assert.Single(kernel.Naming.WaitingConnections);
        Assert.Equal(KernelSim.Kernel.TaskState.Active, task.State);
    }

    private static KernelSim.Services.Vfs.VfsPath Path(string text) => KernelSim.Services.Vfs.VfsPath.Parse(text)!;
}
