using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Snapshot.Bench.Processes;

/// <summary>
/// Runs one program to its end with posix_spawnp and reaps it with wait4. Standard input is /dev/null, standard
/// output goes to the command's file, standard error to <c>stderrPath</c> (its last lines explain a failure). The
/// clock runs from just before the spawn to the reap.
/// </summary>
/// <remarks>
/// Peak RSS and CPU time come from GNU time (<c>/usr/bin/time -f "%M %U %S"</c>, Debian package <c>time</c>: the
/// child's wait4 rusage) run between us and the
/// program. The child's own ru_maxrss would not do: Linux records the old address space's high-water mark at
/// exec, and a vfork'd or forked child of this process starts from ours (tens of MiB of .NET runtime), so every
/// small program would show at least our size. GNU time forks from its own small address space. Without it the
/// peak is unknown (null), never a wrong figure.
/// </remarks>
public static class ChildProcess
{
    private const int StandardInput = 0;
    private const int StandardOutput = 1;
    private const int StandardError = 2;
    private const int TailBytes = 2048;
    private const string GnuTime = "/usr/bin/time";

    /// <summary>Whether peak RSS can be measured here (GNU time is installed).</summary>
    public static bool MeasuresPeakRss => File.Exists(GnuTime);

    public static unsafe ProcessOutcome Run(CommandLine command, string stderrPath)
    {
        var strings = new List<IntPtr>();
        byte* fileActions = (byte*)NativeMemory.AllocZeroed(Libc.FileActionsSize);
        byte** argv = null;
        byte** envp = null;
        try
        {
            IntPtr Native(string text)
            {
                IntPtr p = Marshal.StringToCoTaskMemUTF8(text);
                strings.Add(p);
                return p;
            }

            byte* Utf8(string text) => (byte*)Native(text);

            string? rssPath = MeasuresPeakRss ? stderrPath + ".rss" : null;
            IEnumerable<string> words = new[] { command.Program }.Concat(command.Arguments);
            if (rssPath is not null)
                words = new[] { GnuTime, "-f", "%M %U %S", "-o", rssPath }.Concat(words);
            argv = NullTerminated(words.Select(Native).ToArray());
            envp = NullTerminated(EnvironmentBlock().Select(Native).ToArray());

            Check(Libc.FileActionsInit(fileActions), "posix_spawn_file_actions_init");
            Check(Libc.FileActionsAddOpen(fileActions, StandardInput, Utf8("/dev/null"), Libc.ReadOnly, 0), "addopen stdin");
            Check(Libc.FileActionsAddOpen(fileActions, StandardOutput, Utf8(command.StandardOutput), Libc.WriteCreateTruncate, Libc.FileMode), "addopen stdout");
            Check(Libc.FileActionsAddOpen(fileActions, StandardError, Utf8(stderrPath), Libc.WriteCreateTruncate, Libc.FileMode), "addopen stderr");

            long started = Stopwatch.GetTimestamp();
            int spawned = Libc.PosixSpawnP(out int pid, argv[0], fileActions, null, argv, envp);
            if (spawned != 0)
                throw new Win32Exception(spawned, $"cannot start {command.Program}: {new Win32Exception(spawned).Message}");

            int status;
            while (Libc.Wait4(pid, out status, 0, out _) < 0)
            {
                int error = Marshal.GetLastPInvokeError();
                if (error != Libc.Interrupted)
                    throw new Win32Exception(error, $"wait4 for {command.Program} failed");
            }
            TimeSpan elapsed = Stopwatch.GetElapsedTime(started);

            int termination = status & 0x7F;
            int exitCode = termination == 0 ? (status >> 8) & 0xFF : 128 + termination;
            (long? peakRss, double? cpuSeconds) = rssPath is null ? (null, null) : Usage(rssPath);
            return new ProcessOutcome(exitCode, elapsed, cpuSeconds, peakRss, Tail(stderrPath));
        }
        finally
        {
            Libc.FileActionsDestroy(fileActions);
            NativeMemory.Free(fileActions);
            NativeMemory.Free(argv);
            NativeMemory.Free(envp);
            foreach (IntPtr p in strings)
                Marshal.FreeCoTaskMem(p);
        }
    }

    private static unsafe byte** NullTerminated(IntPtr[] items)
    {
        var array = (byte**)NativeMemory.AllocZeroed((nuint)(items.Length + 1), (nuint)sizeof(byte*));
        for (int i = 0; i < items.Length; i++)
            array[i] = (byte*)items[i];
        return array;
    }

    private static IEnumerable<string> EnvironmentBlock() =>
        Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .Select(e => $"{e.Key}={e.Value}")
            .Order(StringComparer.Ordinal);

    private static void Check(int result, string call)
    {
        if (result != 0)
            throw new Win32Exception(result, $"{call} failed");
    }

    /// <summary>
    /// The last line GNU time wrote (earlier ones say how the program ended): peak RSS in KiB, user and system
    /// seconds; nulls when it wrote none.
    /// </summary>
    private static (long? PeakRssBytes, double? CpuSeconds) Usage(string path)
    {
        if (!File.Exists(path))
            return (null, null);
        string? last = File.ReadAllLines(path).LastOrDefault(line => line.Trim().Length > 0);
        File.Delete(path);
        string[] words = last?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        long? rss = words.Length > 0 && long.TryParse(words[0], NumberStyles.None, CultureInfo.InvariantCulture, out long kib) ? kib * 1024 : null;
        double? cpu = words.Length == 3
                      && double.TryParse(words[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double user)
                      && double.TryParse(words[2], NumberStyles.Float, CultureInfo.InvariantCulture, out double system)
            ? user + system
            : null;
        return (rss, cpu);
    }

    private static string Tail(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        long start = Math.Max(0, stream.Length - TailBytes);
        stream.Position = start;
        var buffer = new byte[stream.Length - start];
        stream.ReadExactly(buffer);
        return Encoding.UTF8.GetString(buffer).Trim();
    }
}
