using System.Reflection;

namespace KernelSim.Assembler;

/// <summary>The sample programs shipped inside kernel-sim as embedded resources "programs/&lt;name&gt;.s".</summary>
public static class ProgramLibrary
{
    private const string ResourcePrefix = "programs/";
    private const string Extension = ".s";

    /// <summary>A program file larger than this is refused before it is read.</summary>
    public const long MaxFileSize = 1 << 20;

    private static readonly Assembly s_assembly = typeof(ProgramLibrary).Assembly;

    /// <summary>Names of the sample programs (without ".s"), sorted ordinally.</summary>
    public static IReadOnlyList<string> Names { get; } = s_assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(Extension, StringComparison.Ordinal))
        .Select(n => n[ResourcePrefix.Length..^Extension.Length])
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>The source text of a sample program.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a sample; the message lists the samples.</exception>
    public static string Source(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        using var stream = s_assembly.GetManifestResourceStream(ResourcePrefix + name + Extension)
            ?? throw new ArgumentException($"no sample program '{name}'; the samples are: {string.Join(", ", Names)}", nameof(name));
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Assembles a sample program by name, or the file at a path.</summary>
    /// <exception cref="ArgumentException">Neither a sample nor a readable file of at most <see cref="MaxFileSize"/> bytes.</exception>
    /// <exception cref="AssemblerException">The source has an error.</exception>
    public static AssembledProgram Load(string nameOrPath)
    {
        ArgumentNullException.ThrowIfNull(nameOrPath);
        if (Names.Contains(nameOrPath, StringComparer.Ordinal))
            return Assembler.Assemble(nameOrPath, Source(nameOrPath));
        if (!File.Exists(nameOrPath))
            throw new ArgumentException(
                $"'{nameOrPath}' is neither a sample program ({string.Join(", ", Names)}) nor an existing file", nameof(nameOrPath));
        string source;
        try
        {
            using var stream = new FileStream(nameOrPath, FileMode.Open, FileAccess.Read, FileShare.Read);
            if (stream.Length > MaxFileSize)
                throw new ArgumentException($"'{nameOrPath}' is larger than {MaxFileSize} bytes", nameof(nameOrPath));
            using var reader = new StreamReader(stream);
            source = reader.ReadToEnd();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"cannot read '{nameOrPath}': {e.Message}", nameof(nameOrPath), e);
        }
        return Assembler.Assemble(Path.GetFileNameWithoutExtension(nameOrPath), source);
    }
}
