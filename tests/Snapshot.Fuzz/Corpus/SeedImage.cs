namespace Snapshot.Fuzz.Corpus;

/// <summary>A valid image the mutators start from: its bytes and where it came from.</summary>
public sealed record SeedImage(string Name, byte[] Bytes);
