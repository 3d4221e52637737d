using System.Buffers;
using System.Buffers.Binary;
using Snapshot.Format.Layout;

namespace Snapshot.Format.Binary;

/// <summary>Little-endian writer into a reusable growable buffer (one section payload at a time).</summary>
internal sealed class PayloadWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(256);

    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    public int Length => _buffer.WrittenCount;

    public void Clear() => _buffer.ResetWrittenCount();

    public void U8(byte value) => _buffer.Write([value]);

    public void U16(ushort value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.GetSpan(2), value);
        _buffer.Advance(2);
    }

    public void U32(uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }

    public void U64(ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    public void Hash(Hash256 value)
    {
        value.WriteTo(_buffer.GetSpan(Hash256.Size));
        _buffer.Advance(Hash256.Size);
    }

    public void Bytes(ReadOnlySpan<byte> value) => _buffer.Write(value);

    public void Zeros(int count)
    {
        _buffer.GetSpan(count)[..count].Clear();
        _buffer.Advance(count);
    }

    public void Blob(ReadOnlySpan<byte> value, string what)
    {
        if (value.Length > FormatLimits.MaxMetadataPayload)
            throw new ArgumentException($"{what} is {value.Length} bytes, more than a section may hold", what);
        U32((uint)value.Length);
        Bytes(value);
    }

    public void String(string value, string what)
    {
        ArgumentNullException.ThrowIfNull(value, what);
        int length = System.Text.Encoding.UTF8.GetByteCount(value);
        if (length > FormatLimits.MaxStringLength)
            throw new ArgumentException($"{what} is {length} UTF-8 bytes, more than {FormatLimits.MaxStringLength}", what);
        U16((ushort)length);
        int written = System.Text.Encoding.UTF8.GetBytes(value, _buffer.GetSpan(length));
        _buffer.Advance(written);
    }
}
