using System.CommandLine;
using Snapshot.Bench.Images;
using Snapshot.Format;

namespace Snapshot.Bench.Cli;

/// <summary>
/// <c>Snapshot.Bench write-image --base B --raw R -o OUT</c>: the checkpoint write the benchmark times, in its own
/// process so that its time and peak memory are the writer's alone (see <see cref="HeapImage"/>).
/// </summary>
public sealed class WriteImageCommand : Command
{
    private readonly Option<string> _base = new("--base") { Description = "A kernel-sim checkpoint of holdmem.s.", Required = true };
    private readonly Option<string> _raw = new("--raw") { Description = "Raw memory for its heap area (exactly the area's size).", Required = true };
    private readonly Option<int> _level = new("--level") { Description = "zstd level, 1..19.", DefaultValueFactory = _ => new ImageWriterOptions().CompressionLevel };
    private readonly Option<string> _output = new("--output", "-o") { Description = "The image to write (atomically).", Required = true };

    public WriteImageCommand()
        : base("write-image", "Write a full image: the base checkpoint with its heap area's pages taken from raw memory.")
    {
        Options.Add(_base);
        Options.Add(_raw);
        Options.Add(_output);
        Options.Add(_level);
        SetAction(parseResult =>
        {
            try
            {
                HeapImage.Write(parseResult.GetValue(_base)!, parseResult.GetValue(_raw)!, parseResult.GetValue(_output)!, parseResult.GetValue(_level));
                return ExitCodes.Success;
            }
            catch (Exception ex) when (ex is ArgumentOutOfRangeException or SnapshotFormatException or InvalidDataException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"bench write-image: {ex.Message}");
                return ExitCodes.Trouble;
            }
        });
    }
}
