using System.Buffers.Binary;
using Snapshot.Format.Binary;

namespace Snapshot.Format.Kernels;

/// <summary>A kernel struct as one build lays it out: a fixed size and little-endian unsigned fields.</summary>
public sealed class StructLayout
{
    private readonly Dictionary<string, FieldLayout> _byName;

    internal StructLayout(string name, int size, IReadOnlyList<FieldLayout> fields)
    {
        Name = name;
        Size = size;
        Fields = fields;
        _byName = fields.ToDictionary(f => f.Name, StringComparer.Ordinal);
    }

    /// <summary>The struct's name in the profile ("task", "thread", "kstack").</summary>
    public string Name { get; }

    /// <summary>Bytes of a blob of this struct.</summary>
    public int Size { get; }

    /// <summary>Fields in offset order.</summary>
    public IReadOnlyList<FieldLayout> Fields { get; }

    /// <summary>The field called <paramref name="name"/>, or null.</summary>
    public FieldLayout? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>Lays out <paramref name="values"/>; every field is required and no other name is allowed.</summary>
    /// <exception cref="ArgumentException">A field is missing, unknown or its value does not fit.</exception>
    public byte[] Encode(IReadOnlyDictionary<string, ulong> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (string key in values.Keys)
        {
            if (!_byName.ContainsKey(key))
                throw new ArgumentException($"struct {Name} has no field '{key}'", nameof(values));
        }
        var blob = new byte[Size];
        foreach (FieldLayout field in Fields)
        {
            if (!values.TryGetValue(field.Name, out ulong value))
                throw new ArgumentException($"struct {Name} needs field '{field.Name}'", nameof(values));
            if (value > field.MaxValue)
                throw new ArgumentException($"struct {Name} field '{field.Name}' ({field.Type}) cannot hold {value}", nameof(values));
            Write(blob.AsSpan(field.Offset), field.Type, value);
        }
        return blob;
    }

    /// <summary>Reads every field of a blob.</summary>
    /// <exception cref="SnapshotFormatException">The blob is not exactly <see cref="Size"/> bytes.</exception>
    public IReadOnlyDictionary<string, ulong> Decode(ReadOnlySpan<byte> blob)
    {
        if (blob.Length != Size)
            FormatThrow.Invalid(SectionName, null, $"kernel {Name} blob is {blob.Length} bytes, the build's struct is {Size}");
        var values = new Dictionary<string, ulong>(Fields.Count, StringComparer.Ordinal);
        foreach (FieldLayout field in Fields)
            values.Add(field.Name, Read(blob[field.Offset..], field.Type));
        return values;
    }

    /// <summary>The image section a blob of this struct lives in, for messages.</summary>
    internal string SectionName => Name switch
    {
        "task" => "TASK",
        "thread" or "kstack" => "THREAD",
        "call" => "CALLS",
        _ => Name.ToUpperInvariant(),
    };

    private static ulong Read(ReadOnlySpan<byte> source, FieldType type) => type switch
    {
        FieldType.U8 => source[0],
        FieldType.U16 => BinaryPrimitives.ReadUInt16LittleEndian(source),
        FieldType.U32 => BinaryPrimitives.ReadUInt32LittleEndian(source),
        _ => BinaryPrimitives.ReadUInt64LittleEndian(source),
    };

    private static void Write(Span<byte> destination, FieldType type, ulong value)
    {
        switch (type)
        {
            case FieldType.U8: destination[0] = (byte)value; break;
            case FieldType.U16: BinaryPrimitives.WriteUInt16LittleEndian(destination, (ushort)value); break;
            case FieldType.U32: BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)value); break;
            default: BinaryPrimitives.WriteUInt64LittleEndian(destination, value); break;
        }
    }
}
