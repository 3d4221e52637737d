namespace Snapshot.Format.Kernels;

/// <summary>The empty extension set and value equality of extension sets.</summary>
internal static class CanonicalExtensions
{
    public static IReadOnlyDictionary<string, ulong> None { get; } = new SortedDictionary<string, ulong>(StringComparer.Ordinal);

    public static bool Equal(IReadOnlyDictionary<string, ulong> a, IReadOnlyDictionary<string, ulong> b) =>
        a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out ulong v) && v == p.Value);
}
