namespace Snapshot.Format.Tests.Support;

/// <summary>
/// A read-only, non-seekable view of bytes, handing out at most a few bytes per read like a pipe. With
/// <paramref name="failAtEnd"/>, reading past the data fails the test, as a pipe that would block forever.
/// </summary>
internal sealed class NonSeekableStream(byte[] data, int maxRead = 1000, bool failAtEnd = false) : Stream
{
    private int _position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (failAtEnd && _position == data.Length && buffer.Length > 0)
            throw new InvalidOperationException("read past the available bytes: the reader would wait forever");
        int n = Math.Min(Math.Min(buffer.Length, maxRead), data.Length - _position);
        data.AsSpan(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
