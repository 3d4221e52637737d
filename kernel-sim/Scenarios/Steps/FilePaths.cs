using KernelSim.Services.Vfs;

namespace KernelSim.Scenarios.Steps;

/// <summary>Paths of the VFS as the file steps take them (absolute), and VFS errors as people read them.</summary>
internal static class FilePaths
{
    public static VfsPath Parse(string text) =>
        VfsPath.Parse(text) is { IsAbsolute: true, LeafName: not null } path && !path.Components.Any(name => name is "." or "..")
            ? path
            : throw new StepException($"'{text}' is not a file path (absolute, printable ASCII, no '.' or '..', at most {VfsPath.MaxLength} bytes)");

    /// <summary>The existing file at <paramref name="text"/>, or a step error naming what is wrong.</summary>
    public static FsNode Existing(VfsService vfs, string text)
    {
        var error = vfs.FileSystem.Lookup(Parse(text), vfs.FileSystem.Root, out var node);
        if (error is { } failed)
        {
            throw new StepException($"file {text}: {Describe(failed)}", ScenarioFailure.Expectation);
        }

        return node.IsDirectory ? throw new StepException($"{text} is a directory, not a file", ScenarioFailure.Expectation) : node;
    }

    public static string Describe(VfsError error) => error switch
    {
        VfsError.NoEntry => "no such file or directory",
        VfsError.NotDirectory => "a path component is a file",
        VfsError.IsDirectory => "it is a directory",
        VfsError.TooBig => $"larger than {MemoryFileSystem.MaxFileSize} bytes",
        VfsError.NoMemory => $"the file system holds {MemoryFileSystem.MaxNodes} nodes already",
        VfsError.NotEmpty => "the directory is not empty",
        _ => error.ToString(),
    };
}
