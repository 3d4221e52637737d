namespace Snapshot.Fuzz.Targets;

/// <summary>One input on disk: the mutated image, the valid image it came from (snapdiff compares the two), and scratch space for outputs.</summary>
public sealed record FuzzInput(string Path, string OriginalPath, string ScratchDirectory);
