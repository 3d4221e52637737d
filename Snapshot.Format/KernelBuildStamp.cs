namespace Snapshot.Format;

/// <summary>
/// Which kernel build wrote the image. Restoring kernel stacks ties an image to one build, so restore
/// compares the stamp first; <see cref="BuildId"/> is the SHA-256 of that build's profile.
/// </summary>
public sealed record KernelBuildStamp(string KernelName, string Version, Hash256 BuildId, string Architecture, uint PageSize)
{
    /// <summary>For people: "spartan 0.4.0 (sim64, build 3fa2c1d09e8b)".</summary>
    public string Display => $"{KernelName} {Version} ({Architecture}, build {BuildId.Short})";
}
