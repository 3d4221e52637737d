using Snapshot.Format;

namespace KernelSim.Assembler;

/// <summary>
/// A program ready to load: the bytes of its two sections and where to start. The kernel maps
/// <see cref="Code"/> at <see cref="CodeBase"/> (read + execute) and <see cref="Data"/> at
/// <see cref="DataBase"/> (read + write); stacks and the heap are the kernel's choice.
/// </summary>
/// <param name="Name">The program's name: a sample's name, or a file name without ".s".</param>
/// <param name="Code">The .text section.</param>
/// <param name="Data">The .data section.</param>
/// <param name="Entry">Address of the label <c>_start</c>.</param>
/// <param name="Hash">SHA-256 of the code bytes followed by the data bytes: identifies the program in an image.</param>
public sealed record AssembledProgram(string Name, byte[] Code, byte[] Data, ulong Entry, Hash256 Hash)
{
    /// <summary>Where .text is loaded.</summary>
    public const ulong CodeBase = 0x0000_0000_0040_0000;

    /// <summary>Where .data is loaded.</summary>
    public const ulong DataBase = 0x0000_0000_1000_0000;
}
