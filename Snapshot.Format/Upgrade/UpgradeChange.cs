namespace Snapshot.Format.Upgrade;

/// <summary>One thing the conversion changes, for the plan: what (a struct, a syscall, a stop site, a flag, the format) and how.</summary>
/// <param name="Kind">"struct", "field", "syscall", "stop-site", "enum", "flag", "format", "signature".</param>
/// <param name="Subject">"task", "task.thread_count", "sleep", "preempt", "thread_state.blocked", "thread_flags.main", "container".</param>
/// <param name="From">The source's value ("48 bytes", "u32 at 24", "14", "0xffffffff80104a20"), or "-" when the source has none.</param>
/// <param name="To">The target's value, or "-" when the target has none.</param>
/// <param name="Note">How the value is carried ("derived from the TASK section", "default 1"), or null.</param>
public sealed record UpgradeChange(string Kind, string Subject, string From, string To, string? Note = null);
