using Snapshot.Format;
using Snapshot.Format.Conversion;

namespace Snapshot.Fuzz.Targets;

/// <summary>
/// snapconv's library: decode the image to JSON (refusing only with <see cref="SnapshotFormatException"/>), and for
/// every image decode accepts, encode the document again: it must give back the input byte for byte. An encode
/// refusal or a different byte is a finding, since it means decode let through something the document cannot carry.
/// </summary>
public sealed class ConversionTarget : FuzzTarget
{
    public override string Name => "snapconv";

    public override TargetOutcome Run(FuzzInput input)
    {
        using var json = new MemoryStream();
        ImageJsonDecoder.Decode(input.Path, json);
        using var image = new MemoryStream();
        try
        {
            json.Position = 0;
            ImageJsonEncoder.Encode(json, image);
        }
        catch (ImageJsonException ex)
        {
            throw new FuzzViolation($"decode accepted the image but encode refused its document: {ex.Message}");
        }

        byte[] original = File.ReadAllBytes(input.Path);
        byte[] encoded = image.ToArray();
        if (!original.AsSpan().SequenceEqual(encoded))
        {
            int at = original.AsSpan().CommonPrefixLength(encoded);
            throw new FuzzViolation($"decode then encode changed the image at offset 0x{at:x} ({original.Length} bytes in, {encoded.Length} out)");
        }

        return TargetOutcome.Accepted;
    }

    public override bool IsDocumented(Exception exception) => exception is SnapshotFormatException;
}
