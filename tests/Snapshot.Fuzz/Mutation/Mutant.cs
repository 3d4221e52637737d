namespace Snapshot.Fuzz.Mutation;

/// <summary>A mutated image: its bytes, the seed it came from, and what was done (for the report).</summary>
public sealed record Mutant(byte[] Bytes, string SeedName, MutationKind Kind, bool Sealed, string Description);
