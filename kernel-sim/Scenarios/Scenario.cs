using System.Text;

namespace KernelSim.Scenarios;

/// <summary>A parsed scenario file: its steps, and the directory its relative paths start from.</summary>
public sealed class Scenario
{
    /// <summary>Scenario files larger than this are refused before they are read.</summary>
    public const long MaxFileSize = 1 << 20;

    public Scenario(string fileName, string baseDirectory, IReadOnlyList<ScenarioStep> steps)
    {
        FileName = fileName;
        BaseDirectory = baseDirectory;
        Steps = steps;
    }

    /// <summary>The name errors show (the path as given).</summary>
    public string FileName { get; }

    public string BaseDirectory { get; }

    public IReadOnlyList<ScenarioStep> Steps { get; }

    /// <summary>Reads and parses a scenario file; every problem is a <see cref="ScenarioException"/>.</summary>
    public static Scenario Load(string path)
    {
        string text;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new ScenarioException(path, 0, "no such scenario file");
            }

            if (info.Length > MaxFileSize)
            {
                throw new ScenarioException(path, 0, $"scenario file is larger than {MaxFileSize} bytes");
            }

            text = File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ScenarioException(path, 0, $"cannot read scenario: {ex.Message}", inner: ex);
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? Directory.GetCurrentDirectory();
        return Parse(path, directory, text);
    }

    /// <summary>Parses scenario text; relative paths in it resolve against <paramref name="baseDirectory"/>.</summary>
    public static Scenario Parse(string fileName, string baseDirectory, string text) =>
        new(fileName, baseDirectory, ScenarioParser.Parse(fileName, text));
}
