using Snapshot.Format;

namespace Snapshot.Fuzz.Targets;

/// <summary>ImageStreamReader over a stream that cannot seek, decoding every chunk.</summary>
public sealed class StreamReaderTarget : FuzzTarget
{
    public override string Name => "stream-reader";

    public override bool MeasuresAllocation => true;

    public override TargetOutcome Run(FuzzInput input)
    {
        using var file = File.OpenRead(input.Path);
        using var stream = new ForwardOnlyStream(file);
        ImageStreamReader.Read(stream, chunk => chunk.Pages().Count());
        return TargetOutcome.Accepted;
    }

    public override bool IsDocumented(Exception exception) => exception is SnapshotFormatException;
}
