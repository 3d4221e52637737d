namespace Snapshot.Fuzz.Mutation;

/// <summary>The ways a seed image is damaged.</summary>
public enum MutationKind
{
    BitFlips,
    ByteRun,
    LengthExtreme,
    Truncation,
    Splice,
    InsertOrDelete,
}
