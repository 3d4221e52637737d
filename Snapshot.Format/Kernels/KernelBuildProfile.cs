namespace Snapshot.Format.Kernels;

/// <summary>
/// What the tools know about one kernel build, read from its JSON profile (format-spec/kernel-profiles.md):
/// syscall numbers, enum and flag values, stop-site addresses and the layouts of the kernel structs that
/// images carry as blobs. <see cref="BuildId"/> is the SHA-256 of the profile file (CRLF normalised to LF).
/// </summary>
public sealed partial class KernelBuildProfile
{
    private readonly Dictionary<ulong, string> _stopSitesByAddress;
    private readonly Dictionary<ulong, string> _syscallsByNumber;

    private KernelBuildProfile(ProfileContent content, Hash256 buildId)
    {
        ProfileVersion = content.ProfileVersion;
        Build = content.Build;
        KernelName = content.KernelName;
        Version = content.Version;
        Architecture = content.Architecture;
        Description = content.Description;
        PageSize = content.PageSize;
        Quantum = content.Quantum;
        BuildId = buildId;
        Syscalls = content.Syscalls;
        Enums = content.Enums;
        Flags = content.Flags;
        StopSites = content.StopSites;
        Structs = content.Structs;
        Task = content.Structs["task"];
        Thread = content.Structs["thread"];
        KernelStack = content.Structs["kstack"];
        Call = content.Structs.GetValueOrDefault(CanonicalFields.CallStruct);
        _stopSitesByAddress = content.StopSites.ToDictionary(p => p.Value, p => p.Key);
        _syscallsByNumber = content.Syscalls.ToDictionary(p => (ulong)p.Value, p => p.Key);
    }

    /// <summary>The profile format the file is written in (1 or 2; kernel-profiles.md).</summary>
    public int ProfileVersion { get; }

    /// <summary>The build's name, e.g. "spartan-0.4".</summary>
    public string Build { get; }

    /// <summary>The kernel's name, e.g. "spartan".</summary>
    public string KernelName { get; }

    /// <summary>The kernel's version, e.g. "0.4.0".</summary>
    public string Version { get; }

    /// <summary>The architecture, e.g. "sim64".</summary>
    public string Architecture { get; }

    /// <summary>Free text about the build (empty when the profile has none).</summary>
    public string Description { get; }

    /// <summary>Bytes per page.</summary>
    public uint PageSize { get; }

    /// <summary>Scheduler time slice in ticks.</summary>
    public int Quantum { get; }

    /// <summary>SHA-256 of the profile file's bytes with CRLF normalised to LF.</summary>
    public Hash256 BuildId { get; }

    /// <summary>The stamp an image written by this build carries.</summary>
    public KernelBuildStamp Stamp => new(KernelName, Version, BuildId, Architecture, PageSize);

    /// <summary>Syscall name → this build's internal dispatch number (never 0: 0 means "no syscall").</summary>
    public IReadOnlyDictionary<string, uint> Syscalls { get; }

    /// <summary>Enum name → value name → value.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, uint>> Enums { get; }

    /// <summary>Flag set name → flag name → bit value (a single bit).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, ulong>> Flags { get; }

    /// <summary>Stop site name → kernel address.</summary>
    public IReadOnlyDictionary<string, ulong> StopSites { get; }

    /// <summary>Every struct layout of the profile by name (at least "task", "thread" and "kstack").</summary>
    public IReadOnlyDictionary<string, StructLayout> Structs { get; }

    /// <summary>The kernel task struct (TASK section blob).</summary>
    public StructLayout Task { get; }

    /// <summary>The kernel thread struct (first THREAD section blob).</summary>
    public StructLayout Thread { get; }

    /// <summary>The kernel stack frame (second THREAD section blob).</summary>
    public StructLayout KernelStack { get; }

    /// <summary>
    /// The IPC call record (CALLS section blob), or null for a build whose images cannot hold IPC state
    /// (spartan-0.4: the feature the oldest build lacks).
    /// </summary>
    public StructLayout? Call { get; }

    /// <summary>The stop site at <paramref name="address"/>, or null.</summary>
    public string? StopSiteName(ulong address) => _stopSitesByAddress.GetValueOrDefault(address);

    /// <summary>The syscall with this build's number <paramref name="number"/>, or null.</summary>
    public string? SyscallName(ulong number) => _syscallsByNumber.GetValueOrDefault(number);

    /// <summary>Parses and validates a profile.</summary>
    /// <exception cref="SnapshotFormatException">Section "profile": malformed JSON or an inconsistent profile.</exception>
    public static KernelBuildProfile Parse(ReadOnlySpan<byte> utf8Json)
    {
        (byte[] normalized, Hash256 id) = Identify(utf8Json);
        return Parse(normalized, id);
    }

    /// <summary>Parses a profile <see cref="Identify"/> has already normalised and hashed.</summary>
    internal static KernelBuildProfile Parse(byte[] normalized, Hash256 id) => new(ProfileParser.Parse(normalized), id);

    /// <summary>Reads and parses a profile file.</summary>
    public static KernelBuildProfile Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var info = new FileInfo(path);
        if (info.Exists && info.Length > ProfileParser.MaxProfileBytes)
            throw new SnapshotFormatException("profile", null, $"{path} is {info.Length} bytes, larger than a profile may be ({ProfileParser.MaxProfileBytes})");
        return Parse(File.ReadAllBytes(path));
    }

    /// <summary>"spartan-0.4 (spartan 0.4.0, sim64, build 3fa2c1d09e8b)".</summary>
    public override string ToString() => $"{Build} ({KernelName} {Version}, {Architecture}, build {BuildId.Short})";

    /// <summary>
    /// A profile file's bytes as its build id covers them (line ends normalised) and that id, without parsing: a
    /// catalog lookup parses only the match.
    /// </summary>
    internal static (byte[] Normalized, Hash256 Id) Identify(ReadOnlySpan<byte> utf8Json)
    {
        byte[] normalized = NormalizeLineEndings(utf8Json);
        return (normalized, Hash256.Compute(normalized));
    }

    /// <summary>The build id must not depend on how git checked the file out.</summary>
    private static byte[] NormalizeLineEndings(ReadOnlySpan<byte> bytes)
    {
        var result = new byte[bytes.Length];
        int length = 0;
        for (int i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\r' && i + 1 < bytes.Length && bytes[i + 1] == (byte)'\n')
                continue;
            result[length++] = bytes[i];
        }
        return length == result.Length ? result : result[..length];
    }
}
