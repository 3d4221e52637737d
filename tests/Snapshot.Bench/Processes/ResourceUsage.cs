using System.Runtime.InteropServices;

namespace Snapshot.Bench.Processes;

/// <summary>Linux <c>struct rusage</c> on 64-bit: two timevals, then fourteen longs; ru_maxrss is in KiB.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct ResourceUsage
{
    public long UserSeconds;
    public long UserMicroseconds;
    public long SystemSeconds;
    public long SystemMicroseconds;
    public long MaxResidentKiB;
    public fixed long Rest[13];
}
