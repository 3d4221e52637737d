using KernelSim.Kernel;

namespace KernelSim.Services;

/// <summary>
/// The checkpointer's registry of cooperative services: every service that implements
/// <see cref="ICooperativeService"/> is registered under its persistent id when it boots
/// (<see cref="Microkernel.AddService"/>), and the checkpointer looks it up by that id.
/// </summary>
public static class CooperativeServices
{
    /// <summary>The cooperative service with persistent id <paramref name="serviceId"/>, or null when none is booted.</summary>
    public static ICooperativeService? Find(Microkernel kernel, ulong serviceId) => kernel.FindService(serviceId)?.Native as ICooperativeService;

    /// <summary>Every booted cooperative service, in persistent id order.</summary>
    public static IReadOnlyList<ICooperativeService> All(Microkernel kernel) =>
        kernel.NativeTasks.Select(task => task.Native).OfType<ICooperativeService>().ToArray();

    /// <summary>The cooperative service whose task is <paramref name="taskId"/> (a phone's callee), or null.</summary>
    public static ICooperativeService? OfTask(Microkernel kernel, ulong taskId) =>
        NativeTaskIds.IsNative(taskId) ? Find(kernel, taskId - NativeTaskIds.Base) : null;
}
