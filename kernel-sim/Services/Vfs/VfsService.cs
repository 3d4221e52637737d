using KernelSim.Ipc;
using Snapshot.Format;

namespace KernelSim.Services.Vfs;

/// <summary>
/// The VFS (persistent service id 2): the root file system (a <see cref="MemoryFileSystem"/> with persistent id
/// 1) and, per client task, a working directory and open handles (<see cref="VfsClient"/>). Every call is
/// served at once; errors are negative <see cref="VfsError"/> return values. Its exported connection state is
/// the client's handle counter (<c>next_handle</c>); the open files and working directory travel as the task's
/// <see cref="TaskFilesRecord"/> (<see cref="ExportFiles"/>, <see cref="CheckFiles"/>, <see cref="ApplyFiles"/>).
/// </summary>
public sealed partial class VfsService : NativeService
{
    /// <summary>The persistent id of the root file system.</summary>
    public const ulong RootFileSystemId = 1;

    /// <summary>Most bytes one read or write call moves (longer requests move this many; the client loops).</summary>
    public const int MaxTransfer = 4096;

    private const string NextHandleKey = "next_handle";
    private static readonly IReadOnlySet<string> s_keys = new HashSet<string>(StringComparer.Ordinal) { NextHandleKey };

    private readonly SortedDictionary<ulong, VfsClient> _clients = new();

    public VfsService()
        : base(ServiceIds.Vfs, ServiceIds.NameOf(ServiceIds.Vfs)!)
    {
    }

    /// <summary>The root file system (scenario steps and tests reach files through it).</summary>
    public MemoryFileSystem FileSystem { get; } = new(RootFileSystemId);

    /// <summary>Clients with state, in task id order.</summary>
    public IEnumerable<VfsClient> Clients => _clients.Values;

    public VfsClient? FindClient(ulong taskId) => _clients.GetValueOrDefault(taskId);

    protected override IReadOnlySet<string> KnownKeys => s_keys;

    protected override void Serve(NativeIpc ipc, IpcCall call)
    {
        var request = call.Request;
        if (request.Method == IpcMethods.ConnectMeTo)
        {
            Reply(ipc, call, 0); // accept: the kernel gives the client its phone
            return;
        }

        var client = Client(call.Sender.Id);
        long result = request.Method switch
        {
            VfsMethods.Open => Open(ipc, call, client),
            VfsMethods.Read => Read(ipc, call, client),
            VfsMethods.Write => Write(ipc, call, client),
            VfsMethods.Seek => Seek(client, request.Arg1, request.Arg2),
            VfsMethods.Close => client.Close(request.Arg1) ? 0 : (long)VfsError.BadHandle,
            VfsMethods.ChangeDirectory => ChangeDirectory(ipc, call, client),
            VfsMethods.Size => client.Find(request.Arg1) is { } open ? (long)open.Node.Size : (long)VfsError.BadHandle,
            VfsMethods.MakeDirectory => MakeDirectory(ipc, call, client),
            _ => (long)VfsError.Invalid,
        };
        Reply(ipc, call, result);
    }

    protected override IEnumerable<ConnectionEntry> Export(ConnectionKey connection)
    {
        var next = _clients.TryGetValue(connection.TaskId, out var client) ? client.NextHandle : 1u;
        yield return new ConnectionEntry(NextHandleKey, next.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    protected override string? Import(ConnectionKey connection, IReadOnlyDictionary<string, string> state)
    {
        if (!state.TryGetValue(NextHandleKey, out var text))
        {
            return null;
        }

        if (!uint.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var next) || next == 0)
        {
            return $"vfs connection state next_handle '{text}' is not a handle number";
        }

        var client = Client(connection.TaskId);
        client.NextHandle = Math.Max(client.NextHandle, next);
        return null;
    }

    protected override void Disconnected(ConnectionKey connection)
    {
        // The client's files live as long as the client task: HelenOS's VFS drops them when the task is gone.
        if (Ipc.Kernel.FindTask(connection.TaskId) is not { State: Kernel.TaskState.Active })
        {
            _clients.Remove(connection.TaskId);
        }
    }

    private VfsClient Client(ulong taskId)
    {
        if (!_clients.TryGetValue(taskId, out var client))
        {
            client = new VfsClient(taskId, FileSystem.Root);
            _clients.Add(taskId, client);
        }

        return client;
    }

    private long Open(NativeIpc ipc, IpcCall call, VfsClient client)
    {
        var flags = (VfsOpenFlags)call.Request.Arg3;
        if ((flags & ~VfsOpenFlags.All) != 0 || (flags & (VfsOpenFlags.Read | VfsOpenFlags.Write | VfsOpenFlags.Append)) == 0 ||
            ((flags & VfsOpenFlags.Truncate) != 0 && (flags & (VfsOpenFlags.Write | VfsOpenFlags.Append)) == 0))
        {
            return (long)VfsError.Invalid;
        }

        if (ReadPath(ipc, call, call.Request.Arg1, call.Request.Arg2, out var path) is { } bad)
        {
            return (long)bad;
        }

        if (client.OpenCount >= VfsClient.MaxOpenFiles)
        {
            return (long)VfsError.TooManyOpen;
        }

        var error = FileSystem.Lookup(path, client.WorkingDirectory, out var node);
        if (error == VfsError.NoEntry && (flags & VfsOpenFlags.Create) != 0)
        {
            error = FileSystem.Create(path, client.WorkingDirectory, directory: false, out node);
        }

        if (error is { } failed)
        {
            return (long)failed;
        }

        if (node.IsDirectory)
        {
            return (long)VfsError.IsDirectory;
        }

        if ((flags & VfsOpenFlags.Truncate) != 0)
        {
            MemoryFileSystem.Truncate(node, 0);
        }

        var mode = FileOpenMode.None;
        mode |= (flags & VfsOpenFlags.Read) != 0 ? FileOpenMode.Read : 0;
        mode |= (flags & (VfsOpenFlags.Write | VfsOpenFlags.Append)) != 0 ? FileOpenMode.Write : 0;
        mode |= (flags & VfsOpenFlags.Append) != 0 ? FileOpenMode.Append : 0;
        return client.Open(node, node.Path, mode).Handle;
    }

    private static long Read(NativeIpc ipc, IpcCall call, VfsClient client)
    {
        if (client.Find(call.Request.Arg1) is not { CanRead: true } file)
        {
            return (long)VfsError.BadHandle;
        }

        var buffer = new byte[(int)Math.Min(call.Request.Arg3, MaxTransfer)];
        var count = file.Node.Read(file.Position, buffer);
        if (!ipc.WriteClient(call, call.Request.Arg2, buffer.AsSpan(0, count)))
        {
            return (long)VfsError.Fault;
        }

        file.Position += (ulong)count;
        return count;
    }

    private static long Write(NativeIpc ipc, IpcCall call, VfsClient client)
    {
        if (client.Find(call.Request.Arg1) is not { CanWrite: true } file)
        {
            return (long)VfsError.BadHandle;
        }

        var buffer = new byte[(int)Math.Min(call.Request.Arg3, MaxTransfer)];
        if (!ipc.ReadClient(call, call.Request.Arg2, buffer))
        {
            return (long)VfsError.Fault;
        }

        var at = (file.Mode & FileOpenMode.Append) != 0 ? file.Node.Size : file.Position;
        if (MemoryFileSystem.Write(file.Node, at, buffer) is { } error)
        {
            return (long)error;
        }

        file.Position = at + (ulong)buffer.Length;
        return buffer.Length;
    }

    private static long Seek(VfsClient client, ulong handle, ulong position)
    {
        if (client.Find(handle) is not { } file)
        {
            return (long)VfsError.BadHandle;
        }

        if (position > MemoryFileSystem.MaxFileSize)
        {
            return (long)VfsError.Invalid;
        }

        file.Position = position;
        return (long)position;
    }

    private long ChangeDirectory(NativeIpc ipc, IpcCall call, VfsClient client)
    {
        if (ReadPath(ipc, call, call.Request.Arg1, call.Request.Arg2, out var path) is { } bad)
        {
            return (long)bad;
        }

        if (FileSystem.Lookup(path, client.WorkingDirectory, out var node) is { } error)
        {
            return (long)error;
        }

        if (!node.IsDirectory)
        {
            return (long)VfsError.NotDirectory;
        }

        client.WorkingDirectory = node;
        return 0;
    }

    private long MakeDirectory(NativeIpc ipc, IpcCall call, VfsClient client)
    {
        if (ReadPath(ipc, call, call.Request.Arg1, call.Request.Arg2, out var path) is { } bad)
        {
            return (long)bad;
        }

        return FileSystem.Create(path, client.WorkingDirectory, directory: true, out _) is { } error ? (long)error : 0;
    }

    private static VfsError? ReadPath(NativeIpc ipc, IpcCall call, ulong address, ulong length, out VfsPath path)
    {
        path = new VfsPath(false, []);
        if (length is 0 or > VfsPath.MaxLength)
        {
            return VfsError.Invalid;
        }

        Span<byte> bytes = stackalloc byte[(int)length];
        if (!ipc.ReadClient(call, address, bytes))
        {
            return VfsError.Fault;
        }

        if (VfsPath.Parse(bytes) is not { } parsed)
        {
            return VfsError.Invalid;
        }

        path = parsed;
        return null;
    }
}
