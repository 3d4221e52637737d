using KernelSim.Kernel;

namespace KernelSim.Ipc;

/// <summary>
/// The data transfer or share a call carries. A data transfer is a long operation broken into valid
/// intermediate states (Fluke): the receiver's finalizer copies <see cref="KernelLimits.TransferStep"/> bytes
/// per tick and <see cref="Done"/> says how far it got, so a checkpoint between ticks records the progress and
/// a restore continues from it.
/// </summary>
public sealed class IpcTransfer
{
    internal IpcTransfer(TransferKind kind, ulong clientAddress, ulong size)
    {
        Kind = kind;
        ClientAddress = clientAddress;
        Size = size;
    }

    public TransferKind Kind { get; }

    /// <summary>The client's buffer (data) or area base (share-out); 0 for share-in until mapped.</summary>
    public ulong ClientAddress { get; internal set; }

    /// <summary>The receiver's buffer or area base once it finalized, else 0.</summary>
    public ulong ServerAddress { get; internal set; }

    /// <summary>Bytes offered (or asked for); at finalize, the bytes the receiver accepted.</summary>
    public ulong Size { get; internal set; }

    /// <summary>Bytes copied so far (data transfers; 0 for shares).</summary>
    public ulong Done { get; internal set; }

    /// <summary>The receiver's thread blocked in ipc_data_finalize while the copy runs, or null.</summary>
    public KernelThread? Finalizer { get; internal set; }

    /// <summary>True once the receiver finalized and the copy has not finished yet (nobody else may answer the call).</summary>
    public bool IsFinalizing => Finalizer is not null;

    /// <summary>The canonical kind name ("data_write", …) images and tools use.</summary>
    public string KindName => Kind switch
    {
        TransferKind.DataWrite => "data_write",
        TransferKind.DataRead => "data_read",
        TransferKind.ShareOut => "share_out",
        _ => "share_in",
    };

    /// <summary>The kind of a canonical name, or null for an unknown one.</summary>
    public static TransferKind? KindOf(string name) => name switch
    {
        "data_write" => TransferKind.DataWrite,
        "data_read" => TransferKind.DataRead,
        "share_out" => TransferKind.ShareOut,
        "share_in" => TransferKind.ShareIn,
        _ => null,
    };

    /// <summary>The transfer a newly sent call carries, from its method and arguments, or null.</summary>
    internal static IpcTransfer? For(IpcMessage request) => request.Method switch
    {
        IpcMethods.DataWrite => new IpcTransfer(TransferKind.DataWrite, request.Arg1, request.Arg2),
        IpcMethods.DataRead => new IpcTransfer(TransferKind.DataRead, request.Arg1, request.Arg2),
        IpcMethods.ShareOut => new IpcTransfer(TransferKind.ShareOut, request.Arg1, request.Arg2),
        IpcMethods.ShareIn => new IpcTransfer(TransferKind.ShareIn, 0, request.Arg1),
        _ => null,
    };
}
