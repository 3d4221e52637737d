using System.Buffers;
using Microsoft.Win32.SafeHandles;
using Snapshot.Format.Binary;
using Snapshot.Format.Layout;
using Snapshot.Format.Sections;

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

    /// <summary>
    /// Reads the whole header after checking its fixed part (length, magic, major version, header length), without
    /// checking its CRC or fields: the validator reports those as problems, readers parse them.
    /// </summary>
    public (byte[] Bytes, HeaderCodec.Prefix Prefix) ReadHeaderBytes()
    {
        if (Length < HeaderLayout.FixedLength)
            FormatThrow.Invalid("header", 0, $"not a snapshot image: {Length} bytes is shorter than a header");
        Span<byte> fixedPart = stackalloc byte[HeaderLayout.FixedLength];
        Read(0, fixedPart, "header");
        HeaderCodec.Prefix prefix = HeaderCodec.ParsePrefix(fixedPart, Length);
        byte[] bytes = new byte[prefix.HeaderLength];
        Read(0, bytes, "header");
        return (bytes, prefix);
    }

    /// <summary>Reads and parses the header (CRC and fields checked; feature bits are the caller's to check).</summary>
    public (ImageHeader Header, int HeaderLength, int PagesPerChunk) ReadHeader()
    {
        (byte[] bytes, HeaderCodec.Prefix prefix) = ReadHeaderBytes();
        (ImageHeader header, int pagesPerChunk) = HeaderCodec.Parse(bytes, prefix.Version);
        return (header, prefix.HeaderLength, pagesPerChunk);
    }

    /// <summary>
    /// Reads the section an index entry names, header and payload, into a pooled buffer the caller returns, after
    /// checking the entry against the file (between <paramref name="firstSectionOffset"/> and the end, within its
    /// type's payload limit), the section header against the entry, and the payload CRC.
    /// </summary>
    public byte[] ReadSection(IndexEntry entry, long firstSectionOffset)
    {
        string name = entry.SectionName;
        var expected = new SectionHeader(entry.Type, entry.Version, entry.Flags, entry.PayloadLength, entry.PayloadCrc);
        if (entry.PayloadLength > expected.PayloadLimit || entry.Offset < firstSectionOffset
            || entry.PayloadLength > Length - entry.Offset - SectionLayout.HeaderLength)
            FormatThrow.Invalid(name, entry.Offset, $"index entry (offset 0x{entry.Offset:x}, length {entry.PayloadLength}) is out of bounds");
        int total = SectionLayout.HeaderLength + (int)entry.PayloadLength;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(total);
        try
        {
            Read(entry.Offset, buffer.AsSpan(0, total), name);
            SectionHeader actual = SectionHeader.Parse(buffer, entry.Offset, name);
            if (actual != expected)
                FormatThrow.Invalid(name, entry.Offset, $"section header ({actual.Name} v{actual.Version}, {actual.PayloadLength} bytes) differs from its index entry");
            uint crc = Crc32C.Compute(buffer.AsSpan(SectionLayout.HeaderLength, (int)entry.PayloadLength));
            if (crc != entry.PayloadCrc)
                FormatThrow.CrcMismatch(name, entry.Offset, "payload", entry.PayloadCrc, crc);
            return buffer;
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    public void Dispose() => _handle.Dispose();
}
