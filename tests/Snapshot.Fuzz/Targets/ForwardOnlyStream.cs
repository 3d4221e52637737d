namespace Snapshot.Fuzz.Targets;

/// <summary>A read-only view of a stream that refuses to seek, as a pipe does.</summary>
public sealed class ForwardOnlyStream(Stream inner) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException("a pipe has no length");

    public override long Position
    {
        get => throw new NotSupportedException("a pipe has no position");
        set => throw new NotSupportedException("a pipe cannot seek");
    }

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => inner.Read(buffer);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("a pipe cannot seek");

    public override void SetLength(long value) => throw new NotSupportedException("a pipe is read-only");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("a pipe is read-only");
}
