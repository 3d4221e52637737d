using Snapshot.Format.Reading;

namespace Snapshot.Format.Repair;

/// <summary>
/// The engine of snaprepair: a lenient reader, as ImageSharp's PNG decoder is next to a strict one. It ignores
/// the input's index and footer, finds sections by their sync markers, keeps every section whose section header
/// CRC and payload CRC verify (re-syncing at the next marker after anything else), decides which tasks stay
/// consistent, and writes a fresh canonical image through <see cref="AtomicFile"/>. The input is only read.
/// </summary>
/// <remarks>
/// When something is lost the output gets the "repaired" incompatible feature bit and a REPAIR section listing
/// what (format 1.1), so that old readers refuse it and restore asks for consent. When only framing was damaged
/// (index, footer, section order, exact duplicates) the output is a clean image, byte for byte what the original
/// writer would have produced for a canonically ordered input.
/// </remarks>
public static class ImageRepairer
{
    /// <summary>Repairs <paramref name="inputPath"/> into <paramref name="outputPath"/>, reporting progress from 0 to 1.</summary>
    /// <param name="inputPath">The damaged image; never modified.</param>
    /// <param name="outputPath">Where to write; ignored (may be null) with <see cref="RepairOptions.DryRun"/>. Must not be the input.</param>
    /// <param name="options">Repair choices.</param>
    /// <param name="progress">Receives the fraction of the input scanned, then 1 when done.</param>
    /// <returns>The report; <see cref="RepairOutcome.Unrepairable"/> reports carry the reason and no file is written.</returns>
    /// <exception cref="SnapshotFormatException">The input is not an image at all (too short, bad magic with no build given),
    /// uses an incompatible feature this library does not know, or changed while it was being repaired.</exception>
    /// <exception cref="ArgumentException">The output path is missing or names the input file.</exception>
    public static RepairReport Repair(string inputPath, string? outputPath, RepairOptions options, IProgress<double>? progress = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(inputPath);
        ArgumentNullException.ThrowIfNull(options);
        if (!options.DryRun)
        {
            ArgumentException.ThrowIfNullOrEmpty(outputPath);
            if (SameFile(inputPath, outputPath))
                throw new ArgumentException($"the output {outputPath} is the input: a repair never overwrites the damaged image", nameof(outputPath));
        }
        using ImageFile file = ImageFile.Open(inputPath);
        return new RepairRun(file, options.DryRun ? null : outputPath, options, progress).Execute();
    }

    /// <summary>True when both paths name the same file (after resolving relative parts and symbolic links).</summary>
    public static bool SameFile(string first, string second)
    {
        string a = Resolve(first), b = Resolve(second);
        return string.Equals(a, b, OperatingSystem.IsWindows() || OperatingSystem.IsMacOS()
            ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
    }

    private static string Resolve(string path)
    {
        string full = Path.GetFullPath(path);
        try
        {
            return File.ResolveLinkTarget(full, returnFinalTarget: true)?.FullName ?? full;
        }
        catch (IOException)
        {
            return full;
        }
    }
}
