using Snapshot.Format.Binary;

namespace Snapshot.Format.Reading;

/// <summary>A forward-only byte source over a stream (a pipe); tracks the absolute offset for messages.</summary>
internal sealed class StreamSource
{
    private readonly Stream _stream;

    public StreamSource(Stream stream) => _stream = stream;

    public long Position { get; private set; }

    /// <summary>Fills <paramref name="destination"/> or reports truncation at the offset where the stream ended.</summary>
    public void Read(Span<byte> destination, string section)
    {
        int done = 0;
        while (done < destination.Length)
        {
            int read = _stream.Read(destination[done..]);
            if (read == 0)
                FormatThrow.Invalid(section, Position + done, $"truncated: the stream ended {destination.Length - done} bytes early");
            done += read;
        }
        Position += done;
    }

    /// <summary>Reads <paramref name="length"/> bytes through a small buffer, returning their CRC state; nothing is kept.</summary>
    public uint Skip(long length, uint crcState, string section)
    {
        Span<byte> buffer = stackalloc byte[4096];
        while (length > 0)
        {
            Span<byte> piece = buffer[..(int)Math.Min(buffer.Length, length)];
            Read(piece, section);
            crcState = Crc32C.Update(crcState, piece);
            length -= piece.Length;
        }
        return crcState;
    }

    public bool AtEnd()
    {
        Span<byte> probe = stackalloc byte[1];
        return _stream.Read(probe) == 0;
    }
}
