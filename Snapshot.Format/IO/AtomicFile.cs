using System.Diagnostics;
using System.Globalization;

namespace Snapshot.Format;

/// <summary>
/// Writes a file so that readers see either the old content or the complete new content, never a torn
/// file: the data goes to a temporary file beside the target, is flushed to disk, then renamed over it.
/// </summary>
/// <remarks>
/// The temporary file is named <c>.NAME.PID.GUID.tmp</c> (hidden, never ending in the target's extension, so
/// it is not mistaken for an image). A writer that is killed leaves it behind; the next write of the same
/// target deletes such leftovers whose process no longer runs.
/// </remarks>
public static class AtomicFile
{
    private const string TemporarySuffix = ".tmp";

    /// <summary>
    /// Writes <paramref name="path"/> through <paramref name="write"/>; on any failure the target is untouched and the
    /// temporary file deleted. The stream is also readable and seekable, so a writer can check what it wrote.
    /// </summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        string full = System.IO.Path.GetFullPath(path);
        string directory = System.IO.Path.GetDirectoryName(full) ?? ".";
        string name = System.IO.Path.GetFileName(full);
        RemoveStaleTemporaries(directory, name);
        // Same directory, so the rename stays on one file system and is atomic.
        string temporary = System.IO.Path.Combine(directory, $".{name}.{Environment.ProcessId}.{Guid.NewGuid():N}{TemporarySuffix}");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>The temporary files a writer of <paramref name="path"/> may leave when it is killed (for tests and cleanup).</summary>
    public static IReadOnlyList<string> Temporaries(string path)
    {
        string full = System.IO.Path.GetFullPath(path);
        string directory = System.IO.Path.GetDirectoryName(full) ?? ".";
        if (!Directory.Exists(directory))
            return [];
        return [.. Directory.EnumerateFiles(directory, $".{System.IO.Path.GetFileName(full)}.*{TemporarySuffix}").Order(StringComparer.Ordinal)];
    }

    // Only files of writers that are gone: a live process (another writer right now) keeps its file.
    private static void RemoveStaleTemporaries(string directory, string name)
    {
        foreach (string file in Temporaries(System.IO.Path.Combine(directory, name)))
        {
            string middle = System.IO.Path.GetFileName(file)[(name.Length + 2)..^TemporarySuffix.Length];
            int dot = middle.IndexOf('.', StringComparison.Ordinal);
            if (dot <= 0 || !int.TryParse(middle[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out int pid) || IsRunning(pid))
                continue;
            try
            {
                File.Delete(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Left for a later write; it cannot be mistaken for the target.
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        if (pid == Environment.ProcessId)
            return true;
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
