namespace Snapshot.Bench.Measuring;

/// <summary>A peer program a user would reach for, and the Debian package that provides it.</summary>
public sealed record ExternalProgram(string Name, string DebianPackage)
{
    public static readonly ExternalProgram Zstd = new("zstd", "zstd");
    public static readonly ExternalProgram QemuImg = new("qemu-img", "qemu-utils");
    public static readonly ExternalProgram Cat = new("cat", "coreutils");
    public static readonly ExternalProgram Cp = new("cp", "coreutils");
    public static readonly ExternalProgram Cmp = new("cmp", "diffutils");

    /// <summary>The program's full path, or null when it is not installed.</summary>
    public string? Locate() => FindOnPath(Name);

    public static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
}
