using System.Buffers.Binary;

namespace Snapshot.Fuzz.Mutation;

/// <summary>
/// The structure of a valid image, read from the bytes with the offsets of format-spec/image-format.md
/// (independently of Snapshot.Format): the sections by their framing, and every length-like field a
/// mutator may set to an extreme: header length and string lengths, section payload lengths, counts,
/// blob lengths, chunk lengths and bitmaps, index count/entry size and entry offsets/lengths, the footer.
/// </summary>
public sealed class ImageLayoutMap
{
    public const int SectionHeaderLength = 32;
    public const int FooterLength = 32;
    private const uint Checkpoint = 0x0001, Task = 0x0010, Areas = 0x0011, Thread = 0x0012, Chunk = 0x0020, Signature = 0x0040, Index = 0x00F0;
    private const int IndexEntrySize = 88;

    private readonly List<LengthField> _fields = [];
    private readonly List<FramedSection> _sections = [];

    private ImageLayoutMap(int headerLength, long length)
    {
        HeaderLength = headerLength;
        Length = length;
    }

    public int HeaderLength { get; }

    public long Length { get; }

    public IReadOnlyList<LengthField> Fields => _fields;

    public IReadOnlyList<FramedSection> Sections => _sections;

    /// <summary>Offsets where a section starts, plus the footer: the places a truncation or splice is most interesting.</summary>
    public IEnumerable<long> Boundaries => _sections.Select(section => section.Offset).Append(Length - FooterLength).Prepend(HeaderLength);

    public static ImageLayoutMap Of(byte[] image)
    {
        var span = image.AsSpan();
        var headerLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(span[12..]);
        var map = new ImageLayoutMap(headerLength, image.Length);
        map.MapHeader(span);
        long offset = headerLength;
        while (offset + SectionHeaderLength <= image.Length - FooterLength)
        {
            var type = BinaryPrimitives.ReadUInt32LittleEndian(span[(int)(offset + 8)..]);
            var length = (long)BinaryPrimitives.ReadUInt64LittleEndian(span[(int)(offset + 16)..]);
            var section = new FramedSection(type, offset, length);
            map._sections.Add(section);
            map.Add(offset + 16, 8, $"{Name(type)} payload length");
            map.MapPayload(span.Slice((int)section.PayloadOffset, (int)length), section);
            offset = section.End;
        }

        var footer = image.Length - FooterLength;
        map.Add(footer + 8, 8, "footer index offset");
        map.Add(footer + 16, 8, "footer index length");
        map.Add(footer + 24, 4, "footer pages per chunk");
        return map;
    }

    private void MapHeader(ReadOnlySpan<byte> image)
    {
        Add(12, 4, "header length");
        Add(44, 4, "header pages per chunk");
        Add(48, 4, "header page size");
        var position = 88;
        foreach (var name in new[] { "kernel name", "kernel version", "architecture" })
        {
            Add(position, 2, $"header {name} length");
            position += 2 + BinaryPrimitives.ReadUInt16LittleEndian(image[position..]);
        }

        Add(position, 2, "header feature name count");
        int count = BinaryPrimitives.ReadUInt16LittleEndian(image[position..]);
        position += 2;
        for (var i = 0; i < count; i++)
        {
            Add(position + 2, 2, "header feature name length");
            position += 4 + BinaryPrimitives.ReadUInt16LittleEndian(image[(position + 2)..]);
        }
    }

    private void MapPayload(ReadOnlySpan<byte> payload, FramedSection section)
    {
        var at = section.PayloadOffset;
        switch (section.Type)
        {
            case Checkpoint:
                Add(at, 4, "CHECKPOINT task count");
                break;
            case Task:
            {
                var position = 8;
                Add(at + position, 2, "TASK name length");
                position += 2 + BinaryPrimitives.ReadUInt16LittleEndian(payload[position..]);
                Add(at + position, 2, "TASK program name length");
                position += 2 + BinaryPrimitives.ReadUInt16LittleEndian(payload[position..]) + 32;
                Add(at + position, 4, "TASK kernel task blob length");
                break;
            }

            case Areas:
            {
                Add(at + 8, 4, "AREAS count");
                var count = BinaryPrimitives.ReadUInt32LittleEndian(payload[8..]);
                var position = 12;
                for (var i = 0; i < count && position + 30 <= payload.Length; i++)
                {
                    Add(at + position + 4, 8, "area base");
                    Add(at + position + 12, 8, "area size");
                    Add(at + position + 28, 2, "area name length");
                    position += 30 + BinaryPrimitives.ReadUInt16LittleEndian(payload[(position + 28)..]);
                }

                break;
            }

            case Thread:
            {
                Add(at + 12, 4, "THREAD kernel thread blob length");
                var position = 16 + (int)BinaryPrimitives.ReadUInt32LittleEndian(payload[12..]);
                Add(at + position, 4, "THREAD kernel stack blob length");
                break;
            }

            case Chunk:
                Add(at + 12, 4, "MEMCHUNK chunk index");
                Add(at + 16, 8, "MEMCHUNK present bitmap");
                Add(at + 28, 4, "MEMCHUNK uncompressed length");
                Add(at + 32, 4, "MEMCHUNK stored length");
                break;
            case Signature:
            {
                Add(at + 20, 2, "SIGNATURE signature length");
                var manifest = 24 + BinaryPrimitives.ReadUInt16LittleEndian(payload[20..]);
                Add(at + manifest + 32, 4, "SIGNATURE manifest count");
                Add(at + manifest + 36, 4, "SIGNATURE manifest entry size");
                Add(at + manifest + 40 + 8, 8, "SIGNATURE manifest first offset");
                Add(at + manifest + 40 + 16, 8, "SIGNATURE manifest first length");
                break;
            }

            case Index:
            {
                Add(at, 4, "INDEX entry count");
                Add(at + 4, 4, "INDEX entry size");
                var count = BinaryPrimitives.ReadUInt32LittleEndian(payload);
                for (var i = 0; i < count; i++)
                {
                    var entry = at + 8 + (i * IndexEntrySize);
                    Add(entry + 8, 8, "index entry offset");
                    Add(entry + 16, 8, "index entry payload length");
                    Add(entry + 44, 4, "index entry chunk index");
                    Add(entry + 48, 8, "index entry present bitmap");
                }

                break;
            }
        }
    }

    private void Add(long offset, int width, string name)
    {
        if (offset >= 0 && offset + width <= Length)
        {
            _fields.Add(new LengthField(offset, width, name));
        }
    }

    private static string Name(uint type) => type switch
    {
        Checkpoint => "CHECKPOINT",
        Task => "TASK",
        Areas => "AREAS",
        Thread => "THREAD",
        Chunk => "MEMCHUNK",
        Signature => "SIGNATURE",
        Index => "INDEX",
        _ => $"0x{type:x4}",
    };
}
