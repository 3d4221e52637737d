using Snapshot.Format.Kernels;

namespace Snapshot.Format.Diff;

/// <summary>Compares one thread of A with the thread of the same id in B, in canonical form when both decode.</summary>
internal static class ThreadComparer
{
    public static ThreadDiff Compare(ThreadRecord? x, ThreadRecord? y, DiffSide a, DiffSide b)
    {
        if (x is null || y is null)
        {
            ThreadRecord present = (x ?? y)!;
            return new ThreadDiff(present.ThreadId, x is null ? ChangeKind.Added : ChangeKind.Removed,
                a.Profile is not null && b.Profile is not null ? ComparisonForm.Canonical : ComparisonForm.Raw, [], [], null);
        }

        CanonicalThread? canonicalA = a.TryDecode(x, out string? reasonA);
        CanonicalThread? canonicalB = b.TryDecode(y, out string? reasonB);
        var fields = new List<FieldChange>();
        if (canonicalA is null || canonicalB is null)
        {
            RawBlobComparer.Compare(fields, "kernel_thread", x.KernelThread.Span, y.KernelThread.Span);
            RawBlobComparer.Compare(fields, "kernel_stack", x.KernelStack.Span, y.KernelStack.Span);
            return new ThreadDiff(x.ThreadId, fields.Count == 0 ? ChangeKind.Unchanged : ChangeKind.Changed,
                ComparisonForm.Raw, fields, [], reasonA ?? reasonB);
        }

        CompareFields(fields, canonicalA, canonicalB);
        List<RegisterChange> registers = CompareRegisters(canonicalA.Registers, canonicalB.Registers);
        ChangeKind kind = fields.Count == 0 && registers.Count == 0 ? ChangeKind.Unchanged : ChangeKind.Changed;
        return new ThreadDiff(x.ThreadId, kind, ComparisonForm.Canonical, fields, registers, null);
    }

    private static void CompareFields(List<FieldChange> fields, CanonicalThread a, CanonicalThread b)
    {
        FieldValues.Add(fields, "state", a.State.ToString().ToLowerInvariant(), b.State.ToString().ToLowerInvariant());
        FieldValues.Add(fields, "thread_flags", FieldValues.Flags(a.Flags), FieldValues.Flags(b.Flags));
        FieldValues.Add(fields, "stop_site", a.StopSite, b.StopSite);
        FieldValues.Add(fields, "syscall", a.Syscall?.Name ?? "none", b.Syscall?.Name ?? "none");
        FieldValues.Add(fields, "restart", Restart(a.Syscall), Restart(b.Syscall));
        for (int i = 0; i < PendingSyscall.ArgumentCount; i++)
            FieldValues.Add(fields, $"arg{i}", Argument(a.Syscall, i), Argument(b.Syscall, i));
        FieldValues.Add(fields, "quantum_left", FieldValues.Number(a.QuantumLeft), FieldValues.Number(b.QuantumLeft));
        FieldValues.Add(fields, "rank", FieldValues.Number(a.Rank), FieldValues.Number(b.Rank));
        FieldValues.Add(fields, "stack_area", FieldValues.Number(a.StackAreaId), FieldValues.Number(b.StackAreaId));
    }

    private static string Restart(PendingSyscall? syscall) =>
        syscall is null ? FieldValues.Absent : syscall.Restart ? "yes" : "no";

    private static string Argument(PendingSyscall? syscall, int index) =>
        syscall is null || index >= syscall.Args.Count ? FieldValues.Absent : FieldValues.Address(syscall.Args[index]);

    private static List<RegisterChange> CompareRegisters(UserRegisters a, UserRegisters b)
    {
        var changes = new List<RegisterChange>();
        for (int i = 0; i < Math.Min(a.R.Count, b.R.Count); i++)
        {
            if (a.R[i] != b.R[i])
                changes.Add(new RegisterChange($"r{i}", a.R[i], b.R[i]));
        }
        Add(changes, "pc", a.Pc, b.Pc);
        Add(changes, "sp", a.Sp, b.Sp);
        Add(changes, "flags", a.Flags, b.Flags);
        Add(changes, "tls", a.Tls, b.Tls);
        return changes;
    }

    private static void Add(List<RegisterChange> changes, string register, ulong before, ulong after)
    {
        if (before != after)
            changes.Add(new RegisterChange(register, before, after));
    }
}
