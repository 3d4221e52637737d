namespace KernelSim.Ipc;

/// <summary>What a call moves between its sender (the client) and its receiver; the names are the canonical ones in images.</summary>
public enum TransferKind
{
    /// <summary>Bytes from the client's buffer into the receiver's ("data_write").</summary>
    DataWrite,

    /// <summary>Bytes from the receiver's buffer into the client's ("data_read").</summary>
    DataRead,

    /// <summary>The client's area mapped into the receiver ("share_out").</summary>
    ShareOut,

    /// <summary>The receiver's area mapped into the client ("share_in").</summary>
    ShareIn,
}
