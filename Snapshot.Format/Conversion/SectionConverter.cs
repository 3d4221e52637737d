using System.Text.Json;

namespace Snapshot.Format.Conversion;

/// <summary>
/// Turns the payload of one section type into JSON members and back. A converter writes and reads only the
/// members it owns (<see cref="Fields"/>); the section's type, version and flags are the caller's. Encoding a
/// decoded payload yields exactly the same bytes: every payload byte is a field, and reserved bytes are zero
/// (reading refuses anything else).
/// </summary>
internal abstract class SectionConverter
{
    /// <summary>The section type this converter handles.</summary>
    public abstract SectionType Type { get; }

    /// <summary>The section version it handles (1 unless a converter says otherwise: MEMCHUNK has 1 and 2).</summary>
    public virtual ushort Version => 1;

    /// <summary>The JSON members this converter owns, besides "type", "version" and "flags".</summary>
    public abstract IReadOnlyList<string> Fields { get; }

    /// <summary>Parses a CRC-checked payload (refusing what reading refuses) and writes its members.</summary>
    public abstract void Decode(ReadOnlySpan<byte> payload, long payloadOffset, ConversionContext context, Utf8JsonWriter json);

    /// <summary>Builds the payload from the section's JSON object.</summary>
    public abstract byte[] Encode(JsonCursor section, ConversionContext context);

    /// <summary>The index entry of the encoded section: <paramref name="framed"/> plus the identity its payload implies.</summary>
    public virtual IndexEntry Identify(IndexEntry framed, ReadOnlySpan<byte> payload) => framed;
}
