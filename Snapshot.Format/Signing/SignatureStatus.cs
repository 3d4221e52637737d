namespace Snapshot.Format.Signing;

/// <summary>The outcome of verifying an image's signature.</summary>
public enum SignatureStatus
{
    /// <summary>The image has no SIGNATURE section.</summary>
    Unsigned,

    /// <summary>The signature verifies and every byte it covers is unchanged.</summary>
    Verified,

    /// <summary>Signed with another key or algorithm than the one given.</summary>
    WrongKey,

    /// <summary>The signature does not verify, or a covered part of the image differs from what was signed.</summary>
    Tampered,
}
