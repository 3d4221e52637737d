using System.Text.Json.Nodes;
using Snapshot.Format.Kernels;
using Snapshot.Format.Tests.Support;

namespace Snapshot.Format.Tests;

public class CanonicalCodecTests
{
    private static KernelBuildProfile Spartan => TestImage.Profile;

    private static CanonicalThread SampleThread(PendingSyscall? syscall, string stopSite = "syscall_restart") =>
        new(3, ThreadRunState.Blocked, new HashSet<string> { "uspace", "restart" }, 12, 1, 5, stopSite,
            new UserRegisters([.. Enumerable.Range(100, 16).Select(i => (ulong)i)], 0x1234, 0x7ff0, 0x2, 0xabc), syscall);

    /// <summary>Another build: different syscall numbers, stop-site addresses, enum values, flag bits and kstack layout.</summary>
    private static KernelBuildProfile OtherBuild() => KernelBuildProfile.Parse(ProfileText.Edited(p =>
    {
        p["build"] = "spartan-0.5";
        p["version"] = "0.5.0";
        p["syscalls"]!["sleep"] = 60;
        p["syscalls"]!["write"] = 61;
        p["stopSites"]!["syscall_restart"] = "0xffffffff80200000";
        p["enums"]!["thread_state"]!["blocked"] = 7;
        p["flags"]!["thread_flags"]!["restart"] = 8;
        JsonArray fields = p["structs"]!["kstack"]!["fields"]!.AsArray();
        foreach (JsonNode? f in fields)
            f!["offset"] = ((int)f["offset"]! + 8) % 232;
        p["structs"]!["kstack"]!["size"] = 232;
    }));

    [Fact]
    public void A_thread_round_trips_through_the_canonical_form()
    {
        CanonicalThread thread = SampleThread(new PendingSyscall("sleep", [9, 8, 7, 6, 5], Restart: true));
        ThreadRecord record = CanonicalCodec.EncodeThread(77, thread, Spartan);
        Assert.Equal(77UL, record.TaskId);
        Assert.Equal(3u, record.ThreadId);
        Assert.Equal(thread, CanonicalCodec.DecodeThread(record, Spartan));
        IReadOnlyDictionary<string, ulong> stack = Spartan.KernelStack.Decode(record.KernelStack.Span);
        Assert.Equal(14UL, stack["syscall"]);
        Assert.Equal(1UL, stack["restart"]);
        Assert.Equal(0xffffffff80107c58UL, stack["stop_site"]);
        Assert.Equal(2UL | 1UL, Spartan.Thread.Decode(record.KernelThread.Span)["flags"]);
    }

    [Fact]
    public void No_pending_syscall_is_stored_as_zero_and_decodes_as_null()
    {
        CanonicalThread thread = SampleThread(null, "preempt");
        ThreadRecord record = CanonicalCodec.EncodeThread(1, thread, Spartan);
        IReadOnlyDictionary<string, ulong> stack = Spartan.KernelStack.Decode(record.KernelStack.Span);
        Assert.Equal(0UL, stack["syscall"]);
        Assert.Equal(0UL, stack["restart"]);
        Assert.Null(CanonicalCodec.DecodeThread(record, Spartan).Syscall);
    }

    [Fact]
    public void A_thread_converts_between_builds_without_loss()
    {
        KernelBuildProfile other = OtherBuild();
        CanonicalThread thread = SampleThread(new PendingSyscall("sleep", [1, 2, 3, 4, 5], Restart: true));
        ThreadRecord old = CanonicalCodec.EncodeThread(1, thread, Spartan);
        ThreadRecord upgraded = CanonicalCodec.EncodeThread(1, CanonicalCodec.DecodeThread(old, Spartan), other);

        Assert.Equal(232, upgraded.KernelStack.Length);
        Assert.NotEqual(old.KernelThread.ToArray(), upgraded.KernelThread.ToArray());
        Assert.Equal(60UL, other.KernelStack.Decode(upgraded.KernelStack.Span)["syscall"]);
        Assert.Equal(thread, CanonicalCodec.DecodeThread(upgraded, other));
        Assert.NotEqual(Spartan.BuildId, other.BuildId);
    }

    [Fact]
    public void A_task_round_trips_through_the_canonical_form()
    {
        var task = new CanonicalTask(9, "exiting", new HashSet<string> { "restored", "checkpointed" }, 4, 6, 2, 3, 0x40000, 0xfeed);
        ReadOnlyMemory<byte> blob = CanonicalCodec.EncodeTask(task, Spartan);
        var record = new TaskRecord(9, "t", "p", Hash256.Zero, blob);
        Assert.Equal(task, CanonicalCodec.DecodeTask(record, Spartan));
        Assert.Throws<SnapshotFormatException>(() => CanonicalCodec.DecodeTask(record with { TaskId = 10 }, Spartan));
    }

    [Fact]
    public void Values_the_build_does_not_define_are_refused()
    {
        ThreadRecord good = CanonicalCodec.EncodeThread(1, SampleThread(null, "preempt"), Spartan);

        var stack = Spartan.KernelStack.Decode(good.KernelStack.Span).ToDictionary();
        stack["stop_site"] = 0xdead;
        var e = Assert.Throws<SnapshotFormatException>(() => CanonicalCodec.DecodeThread(good with { KernelStack = Spartan.KernelStack.Encode(stack) }, Spartan));
        Assert.Contains("not a stop site", e.Reason);

        stack = Spartan.KernelStack.Decode(good.KernelStack.Span).ToDictionary();
        stack["syscall"] = 999;
        e = Assert.Throws<SnapshotFormatException>(() => CanonicalCodec.DecodeThread(good with { KernelStack = Spartan.KernelStack.Encode(stack) }, Spartan));
        Assert.Contains("not a syscall", e.Reason);

        stack = Spartan.KernelStack.Decode(good.KernelStack.Span).ToDictionary();
        stack["restart"] = 1;
        e = Assert.Throws<SnapshotFormatException>(() => CanonicalCodec.DecodeThread(good with { KernelStack = Spartan.KernelStack.Encode(stack) }, Spartan));
        Assert.Contains("restart", e.Reason);

        var thread = Spartan.Thread.Decode(good.KernelThread.Span).ToDictionary();
        thread["state"] = 9;
        e = Assert.Throws<SnapshotFormatException>(() => CanonicalCodec.DecodeThread(good with { KernelThread = Spartan.Thread.Encode(thread) }, Spartan));
        Assert.Contains("thread_state", e.Reason);

        thread = Spartan.Thread.Decode(good.KernelThread.Span).ToDictionary();
        thread["flags"] = 0x80;
        e = Assert.Throws<SnapshotFormatException>(() => CanonicalCodec.DecodeThread(good with { KernelThread = Spartan.Thread.Encode(thread) }, Spartan));
        Assert.Contains("thread_flags", e.Reason);
    }

    [Fact]
    public void Encoding_for_a_build_without_the_syscall_or_stop_site_is_refused()
    {
        Assert.Contains("syscall 'teleport'", Assert.Throws<SnapshotFormatException>(() =>
            CanonicalCodec.EncodeThread(1, SampleThread(new PendingSyscall("teleport", [0, 0, 0, 0, 0], false)), Spartan)).Reason);
        Assert.Contains("stop site 'idle'", Assert.Throws<SnapshotFormatException>(() =>
            CanonicalCodec.EncodeThread(1, SampleThread(null, "idle"), Spartan)).Reason);
        Assert.Contains("flag 'frozen'", Assert.Throws<SnapshotFormatException>(() =>
            CanonicalCodec.EncodeThread(1, SampleThread(null, "preempt") with { Flags = new HashSet<string> { "frozen" } }, Spartan)).Reason);
    }
}
