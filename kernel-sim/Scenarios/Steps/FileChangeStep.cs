using KernelSim.Services;
using KernelSim.Services.Vfs;

namespace KernelSim.Scenarios.Steps;

/// <summary><c>delete-file PATH</c>, <c>truncate-file PATH N</c>, <c>write-file PATH "TEXT"</c>: change an existing VFS file.</summary>
public sealed record FileChangeStep(int Line, FileChange Change, string Path, ulong Size, byte[] Text) : ScenarioStep(Line)
{
    public override void Execute(ScenarioContext context)
    {
        var vfs = context.Service<VfsService>(ServiceIds.Vfs);
        var file = FilePaths.Existing(vfs, Path);
        var error = Change switch
        {
            FileChange.Delete => vfs.FileSystem.Remove(FilePaths.Parse(Path), vfs.FileSystem.Root),
            FileChange.Truncate => MemoryFileSystem.Truncate(file, Size),
            _ => vfs.FileSystem.Put(FilePaths.Parse(Path), Text, out _),
        };
        if (error is { } failed)
        {
            throw new StepException($"cannot change file {Path}: {FilePaths.Describe(failed)}");
        }

        var what = Change switch
        {
            FileChange.Delete => "deleted",
            FileChange.Truncate => $"truncated to {Size} bytes",
            _ => $"rewritten ({Text.Length} bytes)",
        };
        context.Log.WriteLine($"tick {context.Kernel.Now}: file {Path} {what}");
    }
}
