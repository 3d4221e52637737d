using System.Buffers.Binary;
using KernelSim.Assembler;
using KernelSim.Ipc;
using KernelSim.Kernel;
using KernelSim.Tests.Support;

namespace KernelSim.Tests.Ipc;

/// <summary>
/// A kernel with tasks that spin in user mode and own a zeroed data buffer, so tests can drive the
/// IPC operations directly (they never block a spinning thread) and read what ipc_wait wrote.
/// </summary>
internal sealed class IpcBench
{
    /// <summary>Where each bench task's data area (512 zero bytes) starts: its event buffer.</summary>
    public const ulong Buffer = AssembledProgram.DataBase;

    private static readonly AssembledProgram s_holder = TestPrograms.Assemble("""
        _start:
            jmp _start
        .data
        buffer: .zero 512
        """, "holder");

    private readonly Dictionary<string, ulong> _servers = new(StringComparer.Ordinal);

    public IpcBench(int tasks = 3)
    {
        Kernel = Microkernel.Boot(seed: 1);
        Kernel.AddService(Naming);
        for (var i = 0; i < tasks; i++)
        {
            Kernel.Spawn(s_holder);
        }
    }

    public Microkernel Kernel { get; }

    /// <summary>The naming service double every bench kernel boots (phone 0 of each task goes to it).</summary>
    public TestNamingService Naming { get; } = new();

    public IpcSystem Ipc => Kernel.Ipc;

    public KernelTask Task(ulong id) => Kernel.FindTask(id)!;

    public KernelThread Main(ulong id) => Task(id).FindThread(1)!;

    /// <summary>
    /// Names task <paramref name="server"/> for <see cref="Connect"/>. The bench connects tasks directly, as an
    /// accepted connect-me-to does, so tests of calls need not run the naming protocol (NamingProtocolTests do).
    /// </summary>
    public void Register(ulong server, string name) => _servers.Add(name, server);

    /// <summary>Gives task <paramref name="client"/> a new phone to the server named <paramref name="name"/>; returns its id.</summary>
    public ulong Connect(ulong client, string name)
    {
        var phone = TryConnect(client, name);
        Assert.True(phone > 0, $"connect returned {phone}");
        return (ulong)phone;
    }

    /// <summary>The kernel's connection of an accepted connect-me-to: the phone id, or EAGAIN at the phone limit.</summary>
    public long TryConnect(ulong client, string name) => Ipc.ConnectChecked(Task(client), Task(_servers[name]).Ipc.Answerbox);

    /// <summary>Non-blocking ipc_wait of task <paramref name="id"/>: the result and the event it wrote.</summary>
    public (long Result, IpcEvent Event) Fetch(ulong id)
    {
        var result = Ipc.Wait(Main(id), Buffer, IpcSystem.WaitNonBlocking);
        Assert.NotNull(result);
        return (result!.Value, ReadEvent(Task(id), Buffer));
    }

    public static IpcEvent ReadEvent(KernelTask task, ulong address)
    {
        var bytes = new byte[IpcSystem.EventSize];
        Assert.True(task.AddressSpace.TryRead(address, bytes));
        ulong Word(int i) => BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(i * 8));
        return new IpcEvent(Word(0), new IpcMessage(Word(1), Word(2), Word(3), Word(4), Word(5), Word(6)), Word(7));
    }

    public static IpcMessage Message(ulong method, ulong arg1 = 0, ulong arg2 = 0) => new(method, arg1, arg2, 0, 0, 0);
}
