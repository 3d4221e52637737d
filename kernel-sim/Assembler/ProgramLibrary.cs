using System.Reflection;

namespace KernelSim.Assembler;

/// <summary>
/// The sample programs shipped inside kernel-sim as embedded resources "programs/&lt;name&gt;.s", and the
/// runtime library they include, embedded as "programs/lib/&lt;name&gt;.s" (kernel-sim/Programs/lib/).
/// </summary>
public static class ProgramLibrary
{
    private const string ResourcePrefix = "programs/";
    private const string Extension = ".s";

    /// <summary>The folder of the runtime library, as an <c>.include</c> path names it.</summary>
    public const string LibraryFolder = "lib/";

    /// <summary>A program file larger than this is refused before it is read.</summary>
    public const long MaxFileSize = 1 << 20;

    private static readonly Assembly s_assembly = typeof(ProgramLibrary).Assembly;

    private static readonly string[] s_resources = s_assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(Extension, StringComparison.Ordinal))
        .Select(n => n[ResourcePrefix.Length..])
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>Names of the sample programs (without ".s"), sorted ordinally.</summary>
    public static IReadOnlyList<string> Names { get; } = s_resources
        .Where(n => !n.Contains('/', StringComparison.Ordinal))
        .Select(n => n[..^Extension.Length])
        .ToArray();

    /// <summary>Paths of the runtime library's files as <c>.include</c> names them ("lib/line_output.s"), sorted ordinally.</summary>
    public static IReadOnlyList<string> LibraryFiles { get; } = s_resources
        .Where(n => n.StartsWith(LibraryFolder, StringComparison.Ordinal))
        .ToArray();

    /// <summary>The source text of a sample program.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a sample; the message lists the samples.</exception>
    public static string Source(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!Names.Contains(name, StringComparer.Ordinal))
            throw new ArgumentException($"no sample program '{name}'; the samples are: {string.Join(", ", Names)}", nameof(name));
        return ReadResource(name + Extension);
    }

    /// <summary>
    /// The <see cref="IncludeResolver"/> of the embedded runtime library: the text of "lib/…" when the library
    /// has that file, else null. What the samples and <see cref="Assembler.Assemble(string, string)"/> use.
    /// </summary>
    public static string? EmbeddedInclude(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return LibraryFiles.Contains(path, StringComparer.Ordinal) ? ReadResource(path) : null;
    }

    /// <summary>
    /// The <see cref="IncludeResolver"/> of a program on disk: a path is looked up relative to
    /// <paramref name="directory"/> (the program's own directory) first, then in the embedded library.
    /// A file larger than <see cref="MaxFileSize"/> is refused before it is read.
    /// </summary>
    public static IncludeResolver IncludesBeside(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        return path =>
        {
            string file = Path.Combine(directory, path);
            return File.Exists(file) ? ReadFile(file) : EmbeddedInclude(path);
        };
    }

    /// <summary>Assembles a sample program by name, or the file at a path (its includes resolved by <see cref="IncludesBeside"/>).</summary>
    /// <exception cref="ArgumentException">Neither a sample nor a readable file of at most <see cref="MaxFileSize"/> bytes.</exception>
    /// <exception cref="AssemblerException">The source or a file it includes has an error.</exception>
    public static AssembledProgram Load(string nameOrPath)
    {
        ArgumentNullException.ThrowIfNull(nameOrPath);
        if (Names.Contains(nameOrPath, StringComparer.Ordinal))
            return Assembler.Assemble(nameOrPath, Source(nameOrPath), EmbeddedInclude);
        if (!File.Exists(nameOrPath))
            throw new ArgumentException(
                $"'{nameOrPath}' is neither a sample program ({string.Join(", ", Names)}) nor an existing file", nameof(nameOrPath));
        string source;
        try
        {
            source = ReadFile(nameOrPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"cannot read '{nameOrPath}': {e.Message}", nameof(nameOrPath), e);
        }
        string directory = Path.GetDirectoryName(Path.GetFullPath(nameOrPath)) ?? ".";
        return Assembler.Assemble(Path.GetFileNameWithoutExtension(nameOrPath), source, IncludesBeside(directory));
    }

    private static string ReadResource(string relativeName)
    {
        using var stream = s_assembly.GetManifestResourceStream(ResourcePrefix + relativeName)
            ?? throw new InvalidOperationException($"embedded resource '{ResourcePrefix + relativeName}' is listed but missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static string ReadFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        if (stream.Length > MaxFileSize)
            throw new IOException($"it is larger than {MaxFileSize} bytes");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
