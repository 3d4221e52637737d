using System.Buffers.Binary;

namespace KernelSim.Services;

/// <summary>
/// A service name as the naming protocol carries it in one argument: up to 8 printable ASCII bytes (no space)
/// packed little-endian into a u64, the unused high bytes zero ("vfs" is 0x736676).
/// </summary>
public static class PackedName
{
    /// <summary>Longest name, in bytes.</summary>
    public const int MaxLength = sizeof(ulong);

    /// <summary>Packs a name; an <see cref="ArgumentException"/> when it is not 1..8 printable ASCII bytes.</summary>
    public static ulong Pack(string name)
    {
        if (name.Length is 0 or > MaxLength || name.Any(c => c is < '!' or > '~'))
        {
            throw new ArgumentException($"'{name}' is not a service name (1 to {MaxLength} printable ASCII characters, no space)", nameof(name));
        }

        Span<byte> bytes = stackalloc byte[MaxLength];
        bytes.Clear();
        for (var i = 0; i < name.Length; i++)
        {
            bytes[i] = (byte)name[i];
        }

        return BinaryPrimitives.ReadUInt64LittleEndian(bytes);
    }

    /// <summary>Unpacks a name; false for zero, a byte that is not printable, or a zero byte before a nonzero one.</summary>
    public static bool TryUnpack(ulong packed, out string name)
    {
        name = "";
        Span<byte> bytes = stackalloc byte[MaxLength];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, packed);
        var length = bytes.IndexOf((byte)0);
        if (length < 0)
        {
            length = MaxLength;
        }

        if (length == 0 || bytes[length..].ContainsAnyExcept((byte)0))
        {
            return false;
        }

        foreach (var b in bytes[..length])
        {
            if (b is < 0x21 or > 0x7e)
            {
                return false;
            }
        }

        name = System.Text.Encoding.ASCII.GetString(bytes[..length]);
        return true;
    }
}
