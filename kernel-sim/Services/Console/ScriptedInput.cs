namespace KernelSim.Services.Console;

/// <summary>
/// The console's input script: bytes that become readable at given ticks, in the order they were scripted
/// (a later entry never becomes readable before an earlier one, so the stream is one sequence of bytes). Each
/// client reads it through its own cursor (<see cref="ConsoleService"/>), so a restored client continues at its
/// exported position in a kernel given the same script.
/// </summary>
public sealed class ScriptedInput
{
    /// <summary>Most input bytes a kernel accepts in total.</summary>
    public const int MaxLength = 1 << 20;

    private readonly List<byte> _bytes = [];
    private readonly List<(ulong Tick, int End)> _releases = [];

    /// <summary>Bytes scripted so far (readable or not yet).</summary>
    public int Length => _bytes.Count;

    /// <summary>Adds input readable from tick <paramref name="tick"/> on (or, if an earlier entry is later, together with it).</summary>
    /// <exception cref="ArgumentException">The script would exceed <see cref="MaxLength"/> bytes.</exception>
    public void Add(ulong tick, ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > MaxLength - _bytes.Count)
        {
            throw new ArgumentException($"console input is limited to {MaxLength} bytes");
        }

        var at = _releases.Count > 0 ? Math.Max(tick, _releases[^1].Tick) : tick;
        _bytes.AddRange(bytes);
        _releases.Add((at, _bytes.Count));
    }

    /// <summary>How many bytes are readable at tick <paramref name="now"/>.</summary>
    public int AvailableAt(ulong now)
    {
        var available = 0;
        foreach (var (tick, end) in _releases)
        {
            if (tick > now)
            {
                break;
            }

            available = end;
        }

        return available;
    }

    /// <summary>
    /// The tick at which more input than is readable at <paramref name="now"/> becomes readable, or null when the
    /// script holds nothing later (what a kernel needs to tell "waiting for input" from a deadlock).
    /// </summary>
    public ulong? NextReleaseAfter(ulong now) => _releases.Select(release => (ulong?)release.Tick).FirstOrDefault(tick => tick > now);

    /// <summary>The tick from which the byte at <paramref name="position"/> is readable, or null when the script has no such byte.</summary>
    public ulong? ReleaseTickOf(int position)
    {
        foreach (var (tick, end) in _releases)
        {
            if (position < end)
            {
                return tick;
            }
        }

        return null;
    }

    /// <summary>The byte at <paramref name="position"/> (which must be below <see cref="Length"/>).</summary>
    public byte this[int position] => _bytes[position];
}
