using Snapshot.Format.Kernels;

namespace Snapshot.Format.Upgrade;

/// <summary>What <see cref="ImageUpgrader"/> converts an image to.</summary>
public sealed record UpgradeOptions
{
    /// <summary>The kernel build the output is for.</summary>
    public required KernelBuildProfile Target { get; init; }

    /// <summary>
    /// The newest container format the output may use (<c>--format-version</c>), or null for the current one. The
    /// output is stamped with the lowest version that holds its content (writers stamp the lowest minor needed);
    /// content that needs a newer version than this blocks the conversion.
    /// </summary>
    public FormatVersion? MaxFormatVersion { get; init; }

    /// <summary>Signs the output. Without it a signature of the input is dropped (its autoclear bit cleared): converted bytes are no longer what was signed.</summary>
    public Signing.ImageSigner? Signer { get; init; }
}
