using KernelSim.Kernel;
using Snapshot.Format.Kernels;

namespace KernelSim.Services;

/// <summary>
/// The one way to get a kernel as users get it: the build booted with every standard service (ns, vfs, console,
/// shm), as the design requires of every kernel ("a kernel boots all four services always"). Leaving services
/// out is explicit: <c>without</c> names them (missing-server cases); <see cref="Microkernel.Boot"/> and the
/// <see cref="Microkernel"/> constructor stay the bare kernel for tests of the kernel alone and for callers that
/// boot their own native tasks.
/// </summary>
public static class KernelBoot
{
    /// <summary>Boots <paramref name="build"/> with the standard services except those in <paramref name="without"/>.</summary>
    /// <exception cref="ArgumentException">The build is unknown, or a name in <paramref name="without"/> is not a service.</exception>
    public static Microkernel Boot(string build = Microkernel.DefaultBuild, ulong seed = 0, IEnumerable<string>? without = null)
    {
        var profile = KernelBuildCatalog.Find(build) ?? throw new ArgumentException(Microkernel.UnknownBuildMessage(build), nameof(build));
        return Boot(profile, seed, without);
    }

    /// <summary>Boots <paramref name="profile"/> with the standard services except those in <paramref name="without"/>.</summary>
    /// <exception cref="ArgumentException">A name in <paramref name="without"/> is not a service.</exception>
    public static Microkernel Boot(KernelBuildProfile profile, ulong seed = 0, IEnumerable<string>? without = null)
    {
        var kernel = new Microkernel(profile, seed);
        StandardServices.Boot(kernel, without);
        return kernel;
    }
}
