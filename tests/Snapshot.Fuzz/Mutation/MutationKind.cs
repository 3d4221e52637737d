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

    /// <summary>One field of a decoded record changed, the image written again by ImageWriter (all CRCs right).</summary>
    Model,
}
