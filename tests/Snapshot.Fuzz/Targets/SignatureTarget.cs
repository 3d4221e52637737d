using Snapshot.Format;
using Snapshot.Format.Signing;
using Snapshot.Fuzz.Corpus;

namespace Snapshot.Fuzz.Targets;

/// <summary>ImageSignatures: find the SIGNATURE section and verify it with the signed seed's key.</summary>
public sealed class SignatureTarget : FuzzTarget
{
    public override string Name => "signature";

    public override bool MeasuresAllocation => true;

    public override TargetOutcome Run(FuzzInput input)
    {
        using var key = SignatureVerifier.Hmac(SeedCorpus.SigningSecret);
        ImageSignatures.Find(input.Path);
        return ImageSignatures.Verify(input.Path, key).Status is SignatureStatus.Verified or SignatureStatus.Unsigned
            ? TargetOutcome.Accepted
            : TargetOutcome.Refused;
    }

    public override bool IsDocumented(Exception exception) => exception is SnapshotFormatException;
}
