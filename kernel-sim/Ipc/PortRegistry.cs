namespace KernelSim.Ipc;

/// <summary>
/// The in-kernel stand-in for the naming service: a server registers a port name for its
/// answerbox (ipc_register) and a client connects a new phone to it by name (ipc_connect).
/// A later kernel replaces it with a native naming-service task (connect-to-me / connect-me-to);
/// until then it is the only way for two user tasks to find each other.
/// </summary>
public sealed class PortRegistry
{
    /// <summary>Longest port name, in bytes.</summary>
    public const int MaxNameLength = 64;

    /// <summary>Most ports the kernel keeps at once.</summary>
    public const int MaxPorts = 256;

    private readonly SortedDictionary<string, Answerbox> _ports = new(StringComparer.Ordinal);

    /// <summary>Registered names and their answerboxes, sorted by name.</summary>
    public IEnumerable<KeyValuePair<string, Answerbox>> Ports => _ports;

    public int Count => _ports.Count;

    public Answerbox? Find(string name) => _ports.GetValueOrDefault(name);

    /// <summary>True for a name of 1..<see cref="MaxNameLength"/> printable ASCII characters other than space.</summary>
    public static bool IsValidName(ReadOnlySpan<byte> name)
    {
        if (name.IsEmpty || name.Length > MaxNameLength)
        {
            return false;
        }

        foreach (var b in name)
        {
            if (b is < 0x21 or > 0x7e)
            {
                return false;
            }
        }

        return true;
    }

    internal bool TryAdd(string name, Answerbox box) => _ports.TryAdd(name, box);

    internal void Remove(string name) => _ports.Remove(name);
}
