using Microsoft.Win32.SafeHandles;
using Snapshot.Format.Binary;

namespace Snapshot.Format.Reading;

/// <summary>
/// A read-only image file accessed by offset (<see cref="RandomAccess"/>): no shared stream position, so
/// concurrent reads of different sections are safe. Every read is checked against the file length first.
/// </summary>
internal sealed class ImageFile : IDisposable
{
    private readonly SafeFileHandle _handle;
    private long _bytesRead;

    private ImageFile(string path, SafeFileHandle handle)
    {
        Path = path;
        _handle = handle;
        Length = RandomAccess.GetLength(handle);
    }

    public string Path { get; }

    public long Length { get; }

    public long BytesRead => Interlocked.Read(ref _bytesRead);

    public static ImageFile Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
        try
        {
            return new ImageFile(path, handle);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Fills <paramref name="destination"/> from <paramref name="offset"/>, or throws naming <paramref name="section"/>.</summary>
    public void Read(long offset, Span<byte> destination, string section)
    {
        if (offset < 0 || offset > Length || destination.Length > Length - offset)
            FormatThrow.Truncated(section, offset, destination.Length, Math.Max(0, Length - offset));
        int done = 0;
        while (done < destination.Length)
        {
            int read = RandomAccess.Read(_handle, destination[done..], offset + done);
            if (read == 0)
                FormatThrow.Truncated(section, offset + done, destination.Length - done, 0);
            done += read;
        }
        Interlocked.Add(ref _bytesRead, done);
    }

    public void Dispose() => _handle.Dispose();
}
