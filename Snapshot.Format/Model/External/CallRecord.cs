namespace Snapshot.Format;

/// <summary>
/// One pending call (CALLS section, format 1.2), laid out by the build profile's "call" struct; decode it with
/// <see cref="Kernels.CanonicalCodec"/>. A build whose profile has no "call" struct cannot hold calls.
/// </summary>
public sealed record CallRecord(ReadOnlyMemory<byte> KernelCall);
