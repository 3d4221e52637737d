using KernelSim.Ipc;
using KernelSim.Kernel;
using KernelSim.Services.Console;
using KernelSim.Services.Naming;
using KernelSim.Services.Shm;
using KernelSim.Services.Vfs;

namespace KernelSim.Services;

/// <summary>
/// Boots the native services into a fresh kernel: the naming service first (every user task's phone 0 goes to
/// it), then vfs, console and shm, each of which registers its name with the naming service by
/// IPC_M_CONNECT_TO_ME over its own phone 0, as a HelenOS server does. Every build boots the same services, so
/// user-visible behaviour is the same on all builds; a scenario may leave one out (missing-server tests).
/// </summary>
public static class StandardServices
{
    /// <summary>
    /// Boots every standard service except those named in <paramref name="without"/> ("vfs", "console", "shm";
    /// "ns" leaves out the naming service and with it every registration). Must run before the first user task.
    /// </summary>
    /// <exception cref="ArgumentException">A name in <paramref name="without"/> is not a service.</exception>
    public static void Boot(Microkernel kernel, IEnumerable<string>? without = null)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        var skipped = new SortedSet<string>(without ?? [], StringComparer.Ordinal);
        if (skipped.FirstOrDefault(name => ServiceIds.Find(name) is null) is { } unknown)
        {
            throw new ArgumentException($"unknown service '{unknown}' (services: {string.Join(", ", ServiceIds.All.Select(id => ServiceIds.NameOf(id)))})");
        }

        NativeService[] services = [new NamingService(), new VfsService(), new ConsoleService(), new ShmService()];
        var booted = services.Where(service => !skipped.Contains(service.Name)).ToArray();
        var naming = booted.FirstOrDefault(service => service.ServiceId == ServiceIds.Naming) is { } ns ? kernel.AddService(ns) : null;
        foreach (var service in booted.Where(service => service.ServiceId != ServiceIds.Naming))
        {
            var task = kernel.AddService(service);
            if (naming is not null)
            {
                IpcSystem.ConnectPhoneZero(task, naming);
                kernel.NativeIpcOf(task).Call(0, new IpcMessage(IpcMethods.ConnectToMe, PackedName.Pack(service.Name), 0, 0, 0, 0));
            }
        }

        // Every service is pumped once at boot: registrations are answered and the time area exists before tick 0.
        foreach (var task in kernel.NativeTasks)
        {
            kernel.RequestPump(task);
        }

        kernel.PumpNativeTasks();
    }

    /// <summary>The booted service with persistent id <paramref name="serviceId"/> as <typeparamref name="T"/>, or null.</summary>
    public static T? Find<T>(Microkernel kernel, ulong serviceId)
        where T : class, INativeTask =>
        kernel.FindService(serviceId)?.Native as T;
}
