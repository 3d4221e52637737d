using System.Buffers.Binary;
using System.Text;
using Snapshot.Format.Layout;

namespace Snapshot.Format.Binary;

/// <summary>
/// Bounds-checked little-endian reader over one payload. Every read checks what remains first and
/// reports the absolute file offset of a short or invalid field.
/// </summary>
internal ref struct PayloadReader
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> _data;
    private readonly string _section;
    private readonly long _baseOffset;
    private int _position;

    public PayloadReader(ReadOnlySpan<byte> data, string section, long baseOffset)
    {
        _data = data;
        _section = section;
        _baseOffset = baseOffset;
        _position = 0;
    }

    public readonly int Remaining => _data.Length - _position;

    public readonly long Offset => _baseOffset + _position;

    public readonly string Section => _section;

    public byte U8() => Take(1)[0];

    public ushort U16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));

    public uint U32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    public ulong U64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    public Hash256 Hash() => Hash256.Read(Take(Hash256.Size));

    public ReadOnlySpan<byte> Bytes(int length) => Take(length);

    /// <summary>A u32 count checked against a limit and against what remains (each element at least <paramref name="minElementSize"/> bytes).</summary>
    public int Count(int limit, int minElementSize, string what)
    {
        long at = Offset;
        uint count = U32();
        if (count > (uint)limit)
            FormatThrow.Invalid(_section, at, $"{what} count {count} exceeds the limit {limit}");
        if ((long)count * minElementSize > Remaining)
            FormatThrow.Invalid(_section, at, $"{what} count {count} does not fit in the {Remaining} remaining bytes");
        return (int)count;
    }

    /// <summary>A u32 length-prefixed blob, checked against what remains before copying.</summary>
    public byte[] Blob(string what)
    {
        long at = Offset;
        uint length = U32();
        if (length > (uint)Remaining)
            FormatThrow.Invalid(_section, at, $"{what} length {length} exceeds the {Remaining} remaining bytes");
        return Take((int)length).ToArray();
    }

    /// <summary>A u16 length-prefixed UTF-8 string of at most 4096 bytes.</summary>
    public string String(string what)
    {
        long at = Offset;
        ushort length = U16();
        if (length > FormatLimits.MaxStringLength)
            FormatThrow.Invalid(_section, at, $"{what} length {length} exceeds the limit {FormatLimits.MaxStringLength}");
        ReadOnlySpan<byte> bytes = Take(length);
        try
        {
            return s_strictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return FormatThrow.Invalid<string>(_section, at, $"{what} is not valid UTF-8");
        }
    }

    /// <summary>Reserved bytes must be zero, so that every stored bit means something.</summary>
    public void Reserved(int length)
    {
        long at = Offset;
        if (Take(length).IndexOfAnyExcept((byte)0) >= 0)
            FormatThrow.Invalid(_section, at, "reserved bytes are not zero");
    }

    public readonly void End()
    {
        if (Remaining != 0)
            FormatThrow.Invalid(_section, Offset, $"{Remaining} unexpected bytes after the last field");
    }

    private ReadOnlySpan<byte> Take(int length)
    {
        if (length > Remaining)
            FormatThrow.Truncated(_section, Offset, length, Remaining);
        ReadOnlySpan<byte> slice = _data.Slice(_position, length);
        _position += length;
        return slice;
    }
}
