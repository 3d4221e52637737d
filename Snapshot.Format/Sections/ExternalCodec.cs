using Snapshot.Format.Binary;

namespace Snapshot.Format.Sections;

/// <summary>Field codecs the external-state sections (format 1.2) share: flags stored as u8 0/1 and peer kinds.</summary>
internal static class ExternalCodec
{
    public static bool Bool(ref PayloadReader reader, string what)
    {
        long at = reader.Offset;
        byte value = reader.U8();
        return value switch
        {
            0 => false,
            1 => true,
            _ => FormatThrow.Invalid<bool>(reader.Section, at, $"{what} is {value}, not 0 or 1"),
        };
    }

    public static PeerKind Kind(ref PayloadReader reader, string what)
    {
        long at = reader.Offset;
        var kind = (PeerKind)reader.U8();
        return Enum.IsDefined(kind) ? kind : FormatThrow.Invalid<PeerKind>(reader.Section, at, $"{what} has unknown peer kind {(byte)kind}");
    }

    public static void CheckPeer(PeerRef peer, string what)
    {
        if (!Enum.IsDefined(peer.Kind))
            throw new ArgumentException($"{what} has undefined peer kind {(byte)peer.Kind}");
    }
}
