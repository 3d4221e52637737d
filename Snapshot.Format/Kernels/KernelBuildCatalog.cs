using System.Reflection;

namespace Snapshot.Format.Kernels;

/// <summary>The kernel builds released so far: the profiles of format-spec/kernels/ embedded in this library.</summary>
public static class KernelBuildCatalog
{
    private const string ResourcePrefix = "kernels/";

    private static readonly Lazy<IReadOnlyList<KernelBuildProfile>> s_builtIn = new(LoadBuiltIn);

    /// <summary>Every embedded profile, ordered by build name.</summary>
    public static IReadOnlyList<KernelBuildProfile> BuiltIn => s_builtIn.Value;

    /// <summary>The profile whose build id is <paramref name="buildId"/>, or null.</summary>
    public static KernelBuildProfile? Find(Hash256 buildId) => BuiltIn.FirstOrDefault(p => p.BuildId == buildId);

    /// <summary>The profile called <paramref name="build"/> ("spartan-0.4"), or null.</summary>
    public static KernelBuildProfile? Find(string build) =>
        BuiltIn.FirstOrDefault(p => string.Equals(p.Build, build, StringComparison.Ordinal));

    private static IReadOnlyList<KernelBuildProfile> LoadBuiltIn()
    {
        Assembly assembly = typeof(KernelBuildCatalog).Assembly;
        var profiles = new List<KernelBuildProfile>();
        foreach (string name in assembly.GetManifestResourceNames().Order(StringComparer.Ordinal))
        {
            if (!name.StartsWith(ResourcePrefix, StringComparison.Ordinal) || !name.EndsWith(".json", StringComparison.Ordinal))
                continue;
            using Stream stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            profiles.Add(KernelBuildProfile.Parse(buffer.ToArray()));
        }
        profiles.Sort((a, b) => string.CompareOrdinal(a.Build, b.Build));
        return profiles;
    }
}
