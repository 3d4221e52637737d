using System.Buffers.Binary;
using System.Text.Json;
using Snapshot.Format.Layout;

namespace Snapshot.Format.Conversion;

/// <summary>
/// A section snapconv gives no fields to (SIGNATURE, a type or version this library does not read): its payload
/// as base64, kept byte for byte, and the identity fields of its index entry as hex when they are not all zero
/// (a newer writer may fill them for its own types).
/// </summary>
internal static class OpaqueSectionJson
{
    public static readonly string[] Fields = ["payload", "indexIdentity"];

    private const int IdentityLength = IndexLayout.EntrySize - IndexLayout.TaskIdOffset;

    public static void Write(Utf8JsonWriter json, ReadOnlySpan<byte> payload, IndexEntry entry)
    {
        json.WriteBase64String("payload", payload);
        if (entry.TaskId != 0 || entry.AreaId != 0 || entry.ChunkIndex != 0 || entry.PresentBitmap != 0 || !entry.ContentHash.IsZero)
        {
            Span<byte> identity = stackalloc byte[IdentityLength];
            BinaryPrimitives.WriteUInt64LittleEndian(identity, entry.TaskId);
            BinaryPrimitives.WriteUInt32LittleEndian(identity[8..], entry.AreaId);
            BinaryPrimitives.WriteUInt32LittleEndian(identity[12..], entry.ChunkIndex);
            BinaryPrimitives.WriteUInt64LittleEndian(identity[16..], entry.PresentBitmap);
            entry.ContentHash.WriteTo(identity[24..]);
            json.WriteString("indexIdentity", Convert.ToHexStringLower(identity));
        }
    }

    public static (byte[] Payload, IndexEntry Entry) Read(JsonCursor section, IndexEntry framed, int maxPayload)
    {
        byte[] payload = section.Property("payload").Base64(maxPayload);
        framed = framed with { PayloadLength = payload.Length };
        if (section.Optional("indexIdentity") is not { } field)
            return (payload, framed);
        byte[] identity = field.Hex(IdentityLength);
        if (identity.Length != IdentityLength)
            field.Fail($"the identity fields of an index entry are {IdentityLength} bytes ({IdentityLength * 2} hex digits)");
        return (payload, framed with
        {
            TaskId = BinaryPrimitives.ReadUInt64LittleEndian(identity),
            AreaId = BinaryPrimitives.ReadUInt32LittleEndian(identity.AsSpan(8)),
            ChunkIndex = BinaryPrimitives.ReadUInt32LittleEndian(identity.AsSpan(12)),
            PresentBitmap = BinaryPrimitives.ReadUInt64LittleEndian(identity.AsSpan(16)),
            ContentHash = Hash256.Read(identity.AsSpan(24)),
        });
    }
}
