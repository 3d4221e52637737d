using Snapshot.Format.Binary;
using Snapshot.Format.Layout;

namespace Snapshot.Format.Sections;

/// <summary>
/// SHARED_AREAS payload (format 1.2): u32 count, shares {u64 share id, u64 size, u32 flags, u8 content in image,
/// 3 reserved, u64 service id, u32 count, participants {u8 peer kind, 3 reserved, u32 area id, u64 peer id, u64 base}}.
/// </summary>
internal static class SharedAreasSection
{
    private const string Section = "SHARED_AREAS";
    private const int MinShareLength = 8 + 8 + 4 + 1 + 3 + 8 + 4;
    private const int ParticipantLength = 1 + 3 + 4 + 8 + 8;
    private const AreaFlags AllFlags = AreaFlags.Read | AreaFlags.Write | AreaFlags.Execute;

    public static void Write(PayloadWriter writer, IReadOnlyList<SharedAreaRecord> shares)
    {
        ArgumentNullException.ThrowIfNull(shares);
        if (shares.Count > FormatLimits.MaxShares)
            throw new ArgumentException($"a checkpoint set holds at most {FormatLimits.MaxShares} shared areas", nameof(shares));
        writer.U32((uint)shares.Count);
        foreach (SharedAreaRecord share in shares)
        {
            ArgumentNullException.ThrowIfNull(share.Participants);
            if ((share.Flags & ~AllFlags) != 0)
                throw new ArgumentException($"shared area {share.ShareId} has undefined flags", nameof(shares));
            if (share.Participants.Count > FormatLimits.MaxShareParticipants)
                throw new ArgumentException($"shared area {share.ShareId} has more than {FormatLimits.MaxShareParticipants} participants", nameof(shares));
            writer.U64(share.ShareId);
            writer.U64(share.Size);
            writer.U32((uint)share.Flags);
            writer.U8(share.ContentInImage ? (byte)1 : (byte)0);
            writer.Zeros(3);
            writer.U64(share.ServiceId);
            writer.U32((uint)share.Participants.Count);
            foreach (ShareParticipant participant in share.Participants)
            {
                ExternalCodec.CheckPeer(participant.Peer, $"a participant of shared area {share.ShareId}");
                writer.U8((byte)participant.Peer.Kind);
                writer.Zeros(3);
                writer.U32(participant.AreaId);
                writer.U64(participant.Peer.Id);
                writer.U64(participant.Base);
            }
        }
    }

    public static IReadOnlyList<SharedAreaRecord> Read(ReadOnlySpan<byte> payload, long offset)
    {
        var reader = new PayloadReader(payload, Section, offset);
        int count = reader.Count(FormatLimits.MaxShares, MinShareLength, "shared area");
        var shares = new SharedAreaRecord[count];
        for (int i = 0; i < count; i++)
        {
            ulong shareId = reader.U64();
            ulong size = reader.U64();
            long at = reader.Offset;
            var flags = (AreaFlags)reader.U32();
            if ((flags & ~AllFlags) != 0)
                FormatThrow.Invalid(Section, at, $"shared area {shareId} has unknown flag bits 0x{(uint)flags:x}");
            bool inImage = ExternalCodec.Bool(ref reader, $"shared area {shareId} content-in-image flag");
            reader.Reserved(3);
            ulong serviceId = reader.U64();
            int participantCount = reader.Count(FormatLimits.MaxShareParticipants, ParticipantLength, "participant");
            var participants = new ShareParticipant[participantCount];
            for (int j = 0; j < participantCount; j++)
            {
                PeerKind kind = ExternalCodec.Kind(ref reader, $"participant {j} of shared area {shareId}");
                reader.Reserved(3);
                uint areaId = reader.U32();
                ulong peerId = reader.U64();
                participants[j] = new ShareParticipant(new PeerRef(kind, peerId), areaId, reader.U64());
            }
            shares[i] = new SharedAreaRecord(shareId, size, flags, serviceId, inImage, participants);
        }
        reader.End();
        return shares;
    }
}
