using KernelSim.Kernel;
using KernelSim.Services;
using KernelSim.Services.Console;
using KernelSim.Services.Naming;
using KernelSim.Services.Vfs;
using KernelSim.Tests.Support;

namespace KernelSim.Tests.Services;

/// <summary>A kernel with the standard services, and programs that talk to them through the user libraries.</summary>
internal sealed class ServiceKernel
{
    public ServiceKernel(params string[] without)
    {
        Kernel = KernelBoot.Boot(seed: 1, without: without);
    }

    public Microkernel Kernel { get; }

    public NamingService Naming => StandardServices.Find<NamingService>(Kernel, ServiceIds.Naming)!;

    public VfsService Vfs => StandardServices.Find<VfsService>(Kernel, ServiceIds.Vfs)!;

    public ConsoleService Console => StandardServices.Find<ConsoleService>(Kernel, ServiceIds.Console)!;

    /// <summary>Spawns test source that may include the libraries ("lib/console.s", …).</summary>
    public KernelTask Spawn(string source, ulong argument = 0) => Kernel.Spawn(TestPrograms.Assemble(source), argument);

    /// <summary>Runs until every task exited; fails the test on a deadlock or after <paramref name="maxTicks"/>.</summary>
    public void RunToEnd(ulong maxTicks = 1_000_000)
    {
        var result = Kernel.RunUntilExit(maxTicks);
        Assert.Equal(RunStop.AllExited, result.Stop);
    }

    public string Output => Kernel.Console.Text;
}
