using System.Diagnostics.CodeAnalysis;

namespace Snapshot.Format.Binary;

/// <summary>Throw helpers: keep parsing paths small and every failure one <see cref="SnapshotFormatException"/>.</summary>
internal static class FormatThrow
{
    [DoesNotReturn]
    public static void Invalid(string? section, long? offset, string reason) =>
        throw new SnapshotFormatException(section, offset, reason);

    [DoesNotReturn]
    public static T Invalid<T>(string? section, long? offset, string reason) =>
        throw new SnapshotFormatException(section, offset, reason);

    [DoesNotReturn]
    public static void Truncated(string? section, long offset, long needed, long available) =>
        throw new SnapshotFormatException(section, offset,
            $"truncated: needs {needed} bytes, only {available} remain");

    [DoesNotReturn]
    public static void CrcMismatch(string? section, long offset, string what, uint stored, uint computed) =>
        throw new SnapshotFormatException(section, offset,
            $"{what} CRC32C mismatch (stored 0x{stored:x8}, computed 0x{computed:x8})");
}
