using System.Text;

namespace KernelSim.Assembler;

// .include "path": the named file's lines take the place of the directive (textual inclusion),
// with their own file name and line numbers in messages.
internal sealed partial class SourceAssembly
{
    /// <summary>How deeply includes may nest (the program itself is level 0).</summary>
    public const int MaxIncludeDepth = 16;

    // Files being parsed, outermost first: a path already on it would include itself forever.
    private readonly List<string> _includeChain = [];

    // Each path is resolved once per run, so including a file twice sees the same text twice.
    private readonly Dictionary<string, string?> _resolved = new(StringComparer.Ordinal);

    // Characters of the program plus every inclusion so far, against MaxSourceLength.
    private long _sourceLength;

    private void Include(Statement statement, string directory, int depth)
    {
        var location = statement.Location;
        if (statement.Labels.Count > 0)
            _statements.Add(statement with { Operation = null, Operands = [] });
        ExpectOperands(statement, 1, ".include \"path\"");
        string written = Encoding.ASCII.GetString(StringOperand(statement, statement.Operands[0]));
        string path = IncludePath.Combine(directory, written)
            ?? throw Error(location, $"bad include path '{written}': it must be relative, names without spaces separated by '/'");

        int cycleStart = _includeChain.IndexOf(path);
        if (cycleStart >= 0)
            throw Error(location, $"include cycle: {string.Join(" -> ", _includeChain.Skip(cycleStart))} -> {path}");
        if (depth >= MaxIncludeDepth)
            throw Error(location, $"includes nest deeper than {MaxIncludeDepth} levels ({string.Join(" -> ", _includeChain)} -> {path})");

        string text = Resolve(path, location)
            ?? throw Error(location, written == path ? $"include file '{path}' not found" : $"include file '{written}' not found (looked for '{path}')");
        _sourceLength += text.Length;
        if (_sourceLength > MaxSourceLength)
            throw Error(location, $"source with its includes is longer than {MaxSourceLength} characters");

        _includeChain.Add(path);
        Parse(path, IncludePath.DirectoryOf(path), text, depth + 1);
        _includeChain.RemoveAt(_includeChain.Count - 1);
    }

    private string? Resolve(string path, SourceLocation location)
    {
        if (_resolved.TryGetValue(path, out string? known))
            return known;
        string? text;
        try
        {
            text = _includes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Error(location, $"cannot read include file '{path}': {e.Message}");
        }
        _resolved.Add(path, text);
        return text;
    }
}
