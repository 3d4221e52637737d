namespace Snapshot.Format.Upgrade;

/// <summary>What happens to the input's signature.</summary>
public enum SignatureFate
{
    /// <summary>The input is not signed and no key was given.</summary>
    None,

    /// <summary>The output is the input byte for byte, so the input's signature still holds.</summary>
    Kept,

    /// <summary>The input was signed; the output is not (no key was given): the "signed" autoclear bit is cleared.</summary>
    Dropped,

    /// <summary>The output is signed with the given key.</summary>
    Signed,
}
