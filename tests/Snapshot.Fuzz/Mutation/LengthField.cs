namespace Snapshot.Fuzz.Mutation;

/// <summary>A length, count, offset or size field of an image: where it is, how wide (1, 2, 4 or 8 bytes) and what it is.</summary>
public sealed record LengthField(long Offset, int Width, string Name);
