using KernelSim.Ipc;
using KernelSim.Kernel;
using KernelSim.Machine;

namespace KernelSim.Tests.Ipc;

/// <summary>
/// A minimal naming service for the kernel's own tests (the real one lives in kernel-sim/Services):
/// connect-to-me registers the caller under arg1 and takes a callback phone; connect-me-to is forwarded
/// over that phone, or kept pending until the name is registered. Counts its pumps.
/// </summary>
internal sealed class TestNamingService : INativeTask
{
    private readonly SortedDictionary<ulong, ulong> _callbacks = new();
    private readonly List<IpcCall> _waiting = [];

    public ulong ServiceId => NativeTaskIds.NamingServiceId;

    public string Name => "ns";

    public int Pumps { get; private set; }

    public int HangUpsSeen { get; private set; }

    /// <summary>Connect-me-to calls waiting for their name.</summary>
    public IReadOnlyList<IpcCall> Waiting => _waiting;

    public void Pump(NativeIpc ipc)
    {
        Pumps++;
        while (ipc.Fetch() is { } call)
        {
            switch (call.Request.Method)
            {
                case IpcMethods.ConnectToMe when _callbacks.ContainsKey(call.Request.Arg1):
                    ipc.Answer(call, IpcMessage.Error((long)SyscallError.Exists));
                    break;
                case IpcMethods.ConnectToMe:
                    _callbacks.Add(call.Request.Arg1, ipc.ConnectCallback(call));
                    ipc.Answer(call, IpcMessage.Error(0));
                    foreach (var waiting in _waiting.Where(w => w.Request.Arg1 == call.Request.Arg1).ToArray())
                    {
                        _waiting.Remove(waiting);
                        ipc.Forward(waiting, _callbacks[waiting.Request.Arg1], IpcMethods.ConnectMeTo, waiting.Request.Arg1);
                    }

                    break;
                case IpcMethods.ConnectMeTo when _callbacks.TryGetValue(call.Request.Arg1, out var phone):
                    ipc.Forward(call, phone, IpcMethods.ConnectMeTo, call.Request.Arg1);
                    break;
                case IpcMethods.ConnectMeTo:
                    _waiting.Add(call);
                    break;
                case IpcMethods.PhoneHungUp:
                    HangUpsSeen++;
                    ipc.Answer(call, IpcMessage.Error(0));
                    break;
                default:
                    ipc.Answer(call, IpcMessage.Error((long)SyscallError.Invalid));
                    break;
            }
        }
    }

    /// <summary>A name packed as the naming protocol sends it: up to 8 ASCII bytes, little-endian.</summary>
    public static ulong Pack(string name)
    {
        ulong packed = 0;
        for (var i = 0; i < name.Length; i++)
        {
            packed |= (ulong)name[i] << (8 * i);
        }

        return packed;
    }
}
