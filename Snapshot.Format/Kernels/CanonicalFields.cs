namespace Snapshot.Format.Kernels;

/// <summary>The struct field names the canonical form is built from; every build profile uses these names.</summary>
internal static class CanonicalFields
{
    public const string TaskId = "task_id";
    public const string State = "state";
    public const string Flags = "flags";
    public const string NextThreadId = "next_thread_id";
    public const string NextAreaId = "next_area_id";
    public const string ThreadCount = "thread_count";
    public const string AreaCount = "area_count";
    public const string HeapCursor = "heap_cursor";
    public const string RngState = "rng_state";

    public const string ThreadId = "thread_id";
    public const string QuantumLeft = "quantum_left";
    public const string Rank = "rank";
    public const string StackArea = "stack_area";

    public const string StopSite = "stop_site";
    public const string Syscall = "syscall";
    public const string Restart = "restart";
    public const string Pc = "pc";
    public const string Sp = "sp";
    public const string UserFlags = "flags";
    public const string Tls = "tls";

    public static string Arg(int i) => $"arg{i}";

    public static string Register(int i) => $"r{i}";
}
