using System.Text;

namespace KernelSim.Kernel;

/// <summary>
/// The kernel console: an append-only byte log of everything tasks write, plus the kernel's own lines
/// (faults). Each chunk remembers which task wrote it, so output can be separated per task.
/// </summary>
public sealed class KernelConsole
{
    private readonly List<(ulong TaskId, byte[] Bytes)> _chunks = [];
    private readonly MemoryStream _all = new();

    public long Length => _all.Length;

    public void Append(ulong taskId, ReadOnlySpan<byte> bytes)
    {
        _chunks.Add((taskId, bytes.ToArray()));
        _all.Write(bytes);
    }

    public void AppendLine(ulong taskId, string line) => Append(taskId, Encoding.UTF8.GetBytes(line + "\n"));

    /// <summary>Everything written so far.</summary>
    public byte[] ToArray() => _all.ToArray();

    /// <summary>What one task wrote.</summary>
    public byte[] OfTask(ulong taskId)
    {
        using var buffer = new MemoryStream();
        foreach (var (owner, bytes) in _chunks)
        {
            if (owner == taskId)
            {
                buffer.Write(bytes);
            }
        }

        return buffer.ToArray();
    }

    public string Text => Encoding.UTF8.GetString(_all.GetBuffer(), 0, (int)_all.Length);
}
