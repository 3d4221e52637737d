using KernelSim.Kernel;

namespace KernelSim.Memory;

/// <summary>One mapping of a shared page store: the task and its area.</summary>
public sealed record ShareMapping(KernelTask Task, Area Area);
