using System.Buffers.Binary;
using KernelSim.Memory;

namespace KernelSim.Ipc;

/// <summary>
/// The payload of a call or an answer: a method (for an answer, its return value) and five
/// arguments. In user memory it is six little-endian 64-bit words, <see cref="Size"/> bytes.
/// </summary>
public readonly record struct IpcMessage(ulong Method, ulong Arg1, ulong Arg2, ulong Arg3, ulong Arg4, ulong Arg5)
{
    public const int Size = 6 * sizeof(ulong);

    /// <summary>The return value of an answer (the same word as a call's method).</summary>
    public ulong ReturnValue => Method;

    /// <summary>An answer carrying only an error code.</summary>
    public static IpcMessage Error(long code) => new(unchecked((ulong)code), 0, 0, 0, 0, 0);

    /// <summary>Reads a message from user memory; false when any byte of it is not readable.</summary>
    public static bool TryRead(AddressSpace space, ulong address, out IpcMessage message)
    {
        Span<byte> bytes = stackalloc byte[Size];
        if (!space.TryRead(address, bytes))
        {
            message = default;
            return false;
        }

        message = new IpcMessage(Word(bytes, 0), Word(bytes, 1), Word(bytes, 2), Word(bytes, 3), Word(bytes, 4), Word(bytes, 5));
        return true;
    }

    /// <summary>Writes the message to user memory; false (and nothing written) when the range is not writable.</summary>
    public bool TryWrite(AddressSpace space, ulong address)
    {
        Span<byte> bytes = stackalloc byte[Size];
        WriteTo(bytes);
        return space.TryWrite(address, bytes);
    }

    /// <summary>The six words, little-endian, into <paramref name="destination"/> (at least <see cref="Size"/> bytes).</summary>
    public void WriteTo(Span<byte> destination)
    {
        ReadOnlySpan<ulong> words = [Method, Arg1, Arg2, Arg3, Arg4, Arg5];
        for (var i = 0; i < words.Length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(destination[(i * sizeof(ulong))..], words[i]);
        }
    }

    private static ulong Word(ReadOnlySpan<byte> bytes, int index) => BinaryPrimitives.ReadUInt64LittleEndian(bytes[(index * sizeof(ulong))..]);
}
