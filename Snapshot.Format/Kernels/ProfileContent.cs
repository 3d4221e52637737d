namespace Snapshot.Format.Kernels;

/// <summary>The validated fields of a profile, before the build id is attached.</summary>
internal sealed record ProfileContent(
    int ProfileVersion,
    string Build,
    string KernelName,
    string Version,
    string Architecture,
    string Description,
    uint PageSize,
    int Quantum,
    IReadOnlyDictionary<string, uint> Syscalls,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, uint>> Enums,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, ulong>> Flags,
    IReadOnlyDictionary<string, ulong> StopSites,
    IReadOnlyDictionary<string, StructLayout> Structs);
