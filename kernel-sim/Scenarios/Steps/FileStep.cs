using KernelSim.Services;
using KernelSim.Services.Vfs;
using KernelSim.Reporting;

namespace KernelSim.Scenarios.Steps;

/// <summary>
/// <c>file PATH "CONTENT"</c> or <c>file PATH size N seed S</c>: creates (or replaces) a file of the VFS, with its
/// missing directories. Generated content is lines of 63 lowercase letters from a SplitMix64 generator seeded
/// with S, cut to N bytes: the same N and S always give the same bytes.
/// </summary>
public sealed record FileStep(int Line, string Path, byte[] Content) : ScenarioStep(Line)
{
    /// <summary>The generated content of <c>file PATH size N seed S</c>.</summary>
    public static byte[] Generate(int size, ulong seed)
    {
        var bytes = new byte[size];
        var state = seed;
        for (var i = 0; i < size; i++)
        {
            if (i % 64 == 63)
            {
                bytes[i] = (byte)'\n';
                continue;
            }

            state += 0x9E3779B97F4A7C15;
            var z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            z ^= z >> 31;
            bytes[i] = (byte)('a' + (int)(z % 26));
        }

        return bytes;
    }

    public override void Execute(ScenarioContext context)
    {
        var vfs = context.Service<VfsService>(ServiceIds.Vfs);
        var path = FilePaths.Parse(Path);
        if (vfs.FileSystem.Put(path, Content, out var file) is { } error)
        {
            throw new StepException($"cannot create file {Path}: {FilePaths.Describe(error)}");
        }

        context.Log.WriteLine($"tick {context.Kernel.Now}: file {file.Path} ({Quantity.Of(Content.Length, "byte")}, node {file.Id})");
    }
}
