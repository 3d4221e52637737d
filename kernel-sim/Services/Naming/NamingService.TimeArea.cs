using System.Buffers.Binary;
using KernelSim.Ipc;
using KernelSim.Memory;
using Snapshot.Format;

namespace KernelSim.Services.Naming;

/// <summary>
/// The time area: one read-only page the naming service owns, holding the kernel's tick count (u64 little-endian
/// at offset 0) as of the service's last pump, which the kernel does every tick. A task maps it with
/// IPC_M_SHARE_IN over phone 0, arg3 = <see cref="TimeAreaChannel"/>. Images record it as a shared area of
/// service 1 without content; a restore maps the restoring kernel's time area, so time continues from that
/// kernel's clock (and it never pulls tasks into a checkpoint set).
/// </summary>
public sealed partial class NamingService
{
    /// <summary>The SHARE_IN channel (arg3) of the time area.</summary>
    public const ulong TimeAreaChannel = 1;

    /// <summary>The time area's store, once the service has been pumped (at boot).</summary>
    public SharedPageStore? TimeArea { get; private set; }

    private void UpdateTimeArea(NativeIpc ipc)
    {
        TimeArea ??= ipc.Kernel.SharedMemory.CreateForService(ServiceId, AddressSpaceLayout.PageSize, AreaFlags.Read);
        Span<byte> now = stackalloc byte[sizeof(ulong)];
        BinaryPrimitives.WriteUInt64LittleEndian(now, ipc.Now);
        TimeArea.Write(0, now);
    }

    private void ShareTimeArea(NativeIpc ipc, IpcCall call)
    {
        // Read-only whatever the client asks: nobody but the service writes the clock.
        if (((AreaFlags)call.Request.Arg2 & ~AreaFlags.Read) != 0)
        {
            Reply(ipc, call, (long)Machine.SyscallError.Invalid);
            return;
        }

        ipc.ShareToClient(call, TimeArea!, AreaFlags.Read);
    }
}
