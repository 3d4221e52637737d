namespace KernelSim.Services;

/// <summary>
/// The persistent ids of the native services (stable across kernels and builds, written into images) and the
/// names they are registered under at the naming service. A service's task id is
/// <see cref="Kernel.NativeTaskIds.Of"/>(persistent id), so it never takes an id from the user task counter.
/// </summary>
public static class ServiceIds
{
    /// <summary>The naming service (HelenOS's NS): registrations, connections by name, the time area.</summary>
    public const ulong Naming = 1;

    /// <summary>The virtual file system over the in-memory file system.</summary>
    public const ulong Vfs = 2;

    /// <summary>The console: output log and scripted input.</summary>
    public const ulong Console = 3;

    /// <summary>Shared-memory channels.</summary>
    public const ulong Shm = 4;

    /// <summary>The services every kernel boots, in id order.</summary>
    public static IReadOnlyList<ulong> All { get; } = [Naming, Vfs, Console, Shm];

    /// <summary>"ns", "vfs", "console", "shm"; null for an id no service has.</summary>
    public static string? NameOf(ulong serviceId) => serviceId switch
    {
        Naming => "ns",
        Vfs => "vfs",
        Console => "console",
        Shm => "shm",
        _ => null,
    };

    /// <summary>The persistent id of a service name, or null.</summary>
    public static ulong? Find(string name) => All.Cast<ulong?>().FirstOrDefault(id => NameOf(id!.Value) == name);
}
