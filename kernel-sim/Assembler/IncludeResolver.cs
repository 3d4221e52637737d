namespace KernelSim.Assembler;

/// <summary>
/// Finds the text of a file named by <c>.include "path"</c>. <paramref name="path"/> is already resolved
/// against the including file's directory and normalised: relative to the program's own directory,
/// '/' between names, no "." segments, ".." only at the front (e.g. "lib/line_output.s").
/// </summary>
/// <returns>The file's text, or null when there is no such file.</returns>
/// <remarks>
/// An <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/> (a file that exists but cannot
/// be read, or is too large) is reported by the assembler as an error at the <c>.include</c> line.
/// The assembler asks once per path and run, so a file that changes while it runs cannot make the
/// output depend on timing.
/// </remarks>
public delegate string? IncludeResolver(string path);
