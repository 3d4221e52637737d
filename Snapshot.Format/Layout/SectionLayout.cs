namespace Snapshot.Format.Layout;

/// <summary>Byte offsets of the 32-byte section header that frames every section.</summary>
internal static class SectionLayout
{
    /// <summary>"\xa7SECT\r\n\0": lets repair find sections without the index.</summary>
    public static ReadOnlySpan<byte> SyncMarker => [0xA7, 0x53, 0x45, 0x43, 0x54, 0x0D, 0x0A, 0x00];

    public const int SyncOffset = 0;
    public const int SyncLength = 8;
    public const int TypeOffset = 8;
    public const int VersionOffset = 12;
    public const int FlagsOffset = 14;
    public const int PayloadLengthOffset = 16;
    public const int PayloadCrcOffset = 24;
    public const int HeaderCrcOffset = 28;
    public const int HeaderLength = 32;

    /// <summary>Every section starts at a multiple of this; payloads are followed by zero padding.</summary>
    public const int Alignment = 8;

    /// <summary>The section version every type has in format 1.0.</summary>
    public const ushort CurrentVersion = 1;

    /// <summary>Zero bytes after a payload of <paramref name="payloadLength"/> bytes.</summary>
    public static int PaddingAfter(long payloadLength) => (int)((Alignment - (payloadLength % Alignment)) % Alignment);

    /// <summary>Header, payload and padding.</summary>
    public static long TotalLength(long payloadLength) => HeaderLength + payloadLength + PaddingAfter(payloadLength);
}
