namespace Snapshot.Format.Signing;

/// <summary>Display names of <see cref="SignatureAlgorithm"/> values ("HMAC-SHA256", "ECDSA P-256").</summary>
public static class SignatureAlgorithms
{
    /// <summary>The name used in messages and tool output; unknown values by number.</summary>
    public static string Name(SignatureAlgorithm algorithm) => algorithm switch
    {
        SignatureAlgorithm.HmacSha256 => "HMAC-SHA256",
        SignatureAlgorithm.EcdsaP256 => "ECDSA P-256",
        _ => $"algorithm {(byte)algorithm}",
    };

    internal static int SignatureLength(SignatureAlgorithm algorithm) => algorithm switch
    {
        SignatureAlgorithm.HmacSha256 => 32,
        SignatureAlgorithm.EcdsaP256 => 64,
        _ => -1,
    };
}
