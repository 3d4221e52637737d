using Snapshot.Format.Sections;

namespace Snapshot.Format.Writing;

/// <summary>A complete MEMCHUNK payload in a rented buffer (the first <see cref="ChunkHeader.PayloadLength"/> bytes).</summary>
internal sealed record EncodedChunk(ChunkHeader Header, byte[] Payload)
{
    public ReadOnlySpan<byte> Span => Payload.AsSpan(0, Header.PayloadLength);
}
