namespace Snapshot.Format.Kernels;

/// <summary>A canonical value a build's struct cannot express: which struct and field, and why.</summary>
/// <param name="Struct">The struct's profile name ("task", "thread", "kstack", "call").</param>
/// <param name="Field">The field (canonical or extension name).</param>
/// <param name="Reason">One line, naming the build.</param>
/// <param name="Name">The name the build does not define (a syscall, stop site, enum value or flag), when that is the problem.</param>
public sealed record StructProblem(string Struct, string Field, string Reason, string? Name = null);
