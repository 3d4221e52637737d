namespace Snapshot.Format.Kernels;

/// <summary>Little-endian unsigned integer field types of a kernel struct.</summary>
public enum FieldType
{
    /// <summary>1 byte.</summary>
    U8,

    /// <summary>2 bytes.</summary>
    U16,

    /// <summary>4 bytes.</summary>
    U32,

    /// <summary>8 bytes.</summary>
    U64,
}
