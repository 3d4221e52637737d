using System.Runtime.InteropServices;

namespace Snapshot.Bench.Processes;

/// <summary>The few glibc calls the benchmark needs to start a child with redirected output and reap it.</summary>
internal static unsafe partial class Libc
{
    private const string Library = "libc";

    public const int ReadOnly = 0;
    public const int WriteCreateTruncate = 0x1 | 0x40 | 0x200; // O_WRONLY | O_CREAT | O_TRUNC
    public const int FileMode = 0x1A4;                          // 0644
    public const int Interrupted = 4;                           // EINTR

    /// <summary>Room for glibc's posix_spawn_file_actions_t (80 bytes on x86-64), with margin.</summary>
    public const int FileActionsSize = 256;

    [LibraryImport(Library, EntryPoint = "posix_spawnp")]
    public static partial int PosixSpawnP(out int pid, byte* file, void* fileActions, void* attributes, byte** argv, byte** envp);

    [LibraryImport(Library, EntryPoint = "posix_spawn_file_actions_init")]
    public static partial int FileActionsInit(void* fileActions);

    [LibraryImport(Library, EntryPoint = "posix_spawn_file_actions_addopen")]
    public static partial int FileActionsAddOpen(void* fileActions, int fd, byte* path, int flags, int mode);

    [LibraryImport(Library, EntryPoint = "posix_spawn_file_actions_destroy")]
    public static partial int FileActionsDestroy(void* fileActions);

    [LibraryImport(Library, EntryPoint = "wait4", SetLastError = true)]
    public static partial int Wait4(int pid, out int status, int options, out ResourceUsage usage);
}
