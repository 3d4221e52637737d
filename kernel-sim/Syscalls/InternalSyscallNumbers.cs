namespace KernelSim.Syscalls;

/// <summary>
/// Completes a build's syscall table with the internal numbers kernel-sim gives syscalls that released profiles do
/// not list (format-spec/decisions.md D9): a profile that lists a syscall wins; an internal number the profile
/// already uses for something else is a boot error naming the build.
/// </summary>
internal static class InternalSyscallNumbers
{
    /// <param name="table">The build's name → number table, completed in place.</param>
    /// <param name="defaults">The internal numbers to add.</param>
    /// <param name="build">The build, for the error.</param>
    /// <param name="remedy">What the profile should do about a clash, for the error.</param>
    public static void AddMissing(Dictionary<string, uint> table, IReadOnlyList<KeyValuePair<string, uint>> defaults,
                                  string build, string remedy)
    {
        foreach (var (name, number) in defaults)
        {
            if (table.ContainsKey(name))
            {
                continue;
            }

            if (table.ContainsValue(number))
            {
                throw new InvalidOperationException(
                    $"kernel build {build} uses internal syscall number {number} that kernel-sim reserves for {name}; {remedy}");
            }

            table.Add(name, number);
        }
    }
}
