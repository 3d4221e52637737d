using System.Reflection;

namespace Snapshot.Format.Kernels;

/// <summary>The kernel builds released so far: the profiles of format-spec/kernels/ embedded in this library.</summary>
public static class KernelBuildCatalog
{
    private const string ResourcePrefix = "kernels/";

    private static readonly Lazy<IReadOnlyList<EmbeddedProfile>> s_embedded = new(ReadEmbedded);

    private static readonly Lazy<IReadOnlyList<KernelBuildProfile>> s_builtIn = new(LoadBuiltIn);

    /// <summary>Every embedded profile, ordered by build name.</summary>
    public static IReadOnlyList<KernelBuildProfile> BuiltIn => s_builtIn.Value;

    /// <summary>The profile whose build id is <paramref name="buildId"/>, or null.</summary>
    /// <remarks>
    /// Hashes the embedded files and parses only the one that matches (none for an unknown build): parsing every
    /// profile is most of a short tool's run, and snapinfo must answer in well under 0.1 s.
    /// </remarks>
    public static KernelBuildProfile? Find(Hash256 buildId) =>
        s_embedded.Value.FirstOrDefault(profile => profile.Id == buildId)?.Profile;

    /// <summary>The profile called <paramref name="build"/> ("spartan-0.4"), or null.</summary>
    public static KernelBuildProfile? Find(string build) =>
        BuiltIn.FirstOrDefault(p => string.Equals(p.Build, build, StringComparison.Ordinal));

    private static IReadOnlyList<KernelBuildProfile> LoadBuiltIn()
    {
        var profiles = s_embedded.Value.Select(embedded => embedded.Profile).ToList();
        profiles.Sort((a, b) => string.CompareOrdinal(a.Build, b.Build));
        return profiles;
    }

    private static IReadOnlyList<EmbeddedProfile> ReadEmbedded()
    {
        Assembly assembly = typeof(KernelBuildCatalog).Assembly;
        var profiles = new List<EmbeddedProfile>();
        foreach (string name in assembly.GetManifestResourceNames().Order(StringComparer.Ordinal))
        {
            if (!name.StartsWith(ResourcePrefix, StringComparison.Ordinal) || !name.EndsWith(".json", StringComparison.Ordinal))
                continue;
            using Stream stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            profiles.Add(new EmbeddedProfile(buffer.ToArray()));
        }
        return profiles;
    }

    /// <summary>One embedded profile file: its build id at once, its parsed profile when first asked for.</summary>
    private sealed class EmbeddedProfile
    {
        private readonly Lazy<KernelBuildProfile> _profile;

        public EmbeddedProfile(byte[] content)
        {
            (byte[] normalized, Hash256 id) = KernelBuildProfile.Identify(content);
            Id = id;
            _profile = new(() => KernelBuildProfile.Parse(normalized, id));
        }

        public Hash256 Id { get; }

        public KernelBuildProfile Profile => _profile.Value;
    }
}
