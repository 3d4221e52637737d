namespace KernelSim.Kernel;

/// <summary>
/// Task ids of native tasks: <see cref="Base"/> + the persistent service id. They never come from the user
/// task counter, so user task ids (and every image and fixture naming them) are the same with or without
/// services.
/// </summary>
public static class NativeTaskIds
{
    /// <summary>The first native task id (service id 0, which no service uses).</summary>
    public const ulong Base = 0x1_0000_0000;

    /// <summary>The persistent service id of the naming service, to which every user task's phone 0 is connected.</summary>
    public const ulong NamingServiceId = 1;

    /// <summary>The task id of the service with persistent id <paramref name="serviceId"/>.</summary>
    public static ulong Of(ulong serviceId) => Base + serviceId;

    /// <summary>True for a task id in the native range.</summary>
    public static bool IsNative(ulong taskId) => taskId >= Base;
}
