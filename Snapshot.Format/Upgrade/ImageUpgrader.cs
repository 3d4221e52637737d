using Snapshot.Format.Chains;

namespace Snapshot.Format.Upgrade;

/// <summary>
/// Converts an image to another kernel build (the in-userspace conversion program of the Linux c/r RFC): every
/// build-specific blob goes through the canonical form, build-independent sections are carried as they are, memory
/// chunks are copied as stored, and the container is rewritten by the current writer. Blockers are found before
/// anything is written; the output is written atomically and the input is only read.
/// </summary>
public static class ImageUpgrader
{
    /// <summary>What converting <paramref name="input"/> would do; writes nothing.</summary>
    /// <exception cref="SnapshotFormatException">The input is not a readable image, or a blob does not decode with its own build's profile.</exception>
    public static UpgradePlan Plan(string input, UpgradeOptions options)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        using ImageChain chain = ImageChain.Open(input);
        return UpgradeRun.Prepare(chain.Image, options).Plan;
    }

    /// <summary>Converts <paramref name="input"/> into <paramref name="output"/> (never the same file).</summary>
    /// <exception cref="UpgradeRefusedException">Something blocks the conversion; nothing was written.</exception>
    /// <exception cref="SnapshotFormatException">The input is not a readable image, or its memory does not check out.</exception>
    /// <exception cref="ArgumentException"><paramref name="output"/> is <paramref name="input"/>.</exception>
    public static UpgradeResult Upgrade(string input, string output, UpgradeOptions options, IProgress<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(options);
        if (string.Equals(Path.GetFullPath(input), Path.GetFullPath(output), StringComparison.Ordinal))
            throw new ArgumentException($"the output {output} is the input: the input is never modified", nameof(output));
        UpgradePlan plan;
        // An incremental image is upgraded only when its chain resolves: the output names the same ancestors.
        using (ImageChain chain = ImageChain.Open(input))
        {
            UpgradeRun run = UpgradeRun.Prepare(chain.Image, options);
            plan = run.Plan;
            run.Write(output, progress);
        }
        return new UpgradeResult(plan, output, new FileInfo(output).Length);
    }
}
