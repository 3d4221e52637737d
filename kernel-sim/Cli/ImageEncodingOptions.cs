using System.CommandLine;
using KernelSim.Checkpoint;
using Snapshot.Format;

namespace KernelSim.Cli;

/// <summary>
/// <c>--level N</c> (zstd 1..19, default 3), <c>--threads N</c> (compression workers, 0 = all cores, the default) and
/// <c>--compat V</c> (newest format the image may use: 1.0, 1.1, 1.2 or 1.3, the default; like qcow2's <c>compat</c>).
/// </summary>
public sealed class ImageEncodingOptions
{
    private readonly Option<int> _level = new("--level")
    {
        Description = "zstd compression level of the memory chunks, 1..19.",
        DefaultValueFactory = _ => ImageEncoding.Default.CompressionLevel,
    };
    private readonly Option<int> _threads = new("--threads")
    {
        Description = "Workers that compress chunks (0: all cores). The image is the same byte for byte whatever the number.",
        DefaultValueFactory = _ => 0,
    };
    private readonly Option<string> _compat = new("--compat")
    {
        Description = $"The newest image format to use: 1.0, 1.1, 1.2 (exactly the bytes a 1.2 kernel wrote: no page hashes, " +
                      $"no deduplication, code stored) or {FormatVersion.Current} (the default).",
        DefaultValueFactory = _ => FormatVersion.Current.ToString(),
    };

    public void AddTo(Command command)
    {
        command.Options.Add(_level);
        command.Options.Add(_threads);
        command.Options.Add(_compat);
        // Only options that were given are checked: the defaults are valid by construction.
        command.Validators.Add(result =>
        {
            if (result.GetResult(_level) is { } level && level.GetValueOrDefault<int>() is < 1 or > 19)
            {
                result.AddError($"--level {level.GetValueOrDefault<int>()} is not a zstd level 1..19");
            }

            if (result.GetResult(_threads) is { } threads && threads.GetValueOrDefault<int>() < 0)
            {
                result.AddError($"--threads {threads.GetValueOrDefault<int>()} is negative (0 means all cores)");
            }

            if (result.GetResult(_compat) is { } compat && ParseCompat(compat.GetValueOrDefault<string>()) is null)
            {
                result.AddError($"--compat '{compat.GetValueOrDefault<string>()}' is not a format version this kernel writes (1.0, 1.1, 1.2, {FormatVersion.Current})");
            }
        });
    }

    /// <summary>The encoding asked for (the validators have accepted the values).</summary>
    public ImageEncoding Resolve(ParseResult parseResult) => new()
    {
        CompressionLevel = parseResult.GetValue(_level),
        Threads = parseResult.GetValue(_threads),
        Compatibility = ParseCompat(parseResult.GetValue(_compat)) ?? FormatVersion.Current,
    };

    private static FormatVersion? ParseCompat(string? text)
    {
        try
        {
            FormatVersion version = FormatVersion.Parse(text ?? "");
            return version >= FormatVersion.V1_0 && version <= FormatVersion.Current ? version : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
