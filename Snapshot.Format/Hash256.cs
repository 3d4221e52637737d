using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Snapshot.Format;

/// <summary>A 32-byte SHA-256 value: content hashes of memory chunks, program hashes and kernel build ids.</summary>
public readonly struct Hash256 : IEquatable<Hash256>
{
    /// <summary>Size in bytes.</summary>
    public const int Size = 32;

    private readonly ulong _a, _b, _c, _d;

    private Hash256(ulong a, ulong b, ulong c, ulong d) => (_a, _b, _c, _d) = (a, b, c, d);

    /// <summary>All zero bytes: "no hash" in sections that do not carry one.</summary>
    public static Hash256 Zero => default;

    /// <summary>True when every byte is zero.</summary>
    public bool IsZero => (_a | _b | _c | _d) == 0;

    /// <summary>The SHA-256 of <paramref name="data"/>.</summary>
    public static Hash256 Compute(ReadOnlySpan<byte> data)
    {
        Span<byte> digest = stackalloc byte[Size];
        SHA256.HashData(data, digest);
        return Read(digest);
    }

    /// <summary>Reads 32 bytes as stored in an image.</summary>
    public static Hash256 Read(ReadOnlySpan<byte> source)
    {
        if (source.Length < Size)
            throw new ArgumentException($"a hash needs {Size} bytes, got {source.Length}", nameof(source));
        return new Hash256(
            BinaryPrimitives.ReadUInt64BigEndian(source),
            BinaryPrimitives.ReadUInt64BigEndian(source[8..]),
            BinaryPrimitives.ReadUInt64BigEndian(source[16..]),
            BinaryPrimitives.ReadUInt64BigEndian(source[24..]));
    }

    /// <summary>Writes the 32 bytes in stored order (the order SHA-256 produced them).</summary>
    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _a);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _b);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], _c);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], _d);
    }

    /// <summary>Parses 64 hexadecimal digits.</summary>
    public static Hash256 Parse(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        if (hex.Length != Size * 2)
            throw new FormatException($"a hash is {Size * 2} hex digits, got {hex.Length}");
        return Read(Convert.FromHexString(hex));
    }

    /// <summary>The first 12 hex digits, for people.</summary>
    public string Short => ToString()[..12];

    /// <summary>64 lowercase hex digits.</summary>
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[Size];
        WriteTo(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    public bool Equals(Hash256 other) => _a == other._a && _b == other._b && _c == other._c && _d == other._d;
    public override bool Equals(object? obj) => obj is Hash256 other && Equals(other);
    public override int GetHashCode() => HashCode.Combine(_a, _b, _c, _d);
    public static bool operator ==(Hash256 left, Hash256 right) => left.Equals(right);
    public static bool operator !=(Hash256 left, Hash256 right) => !left.Equals(right);
}
