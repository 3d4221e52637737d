using System.Text.Json.Nodes;
using Snapshot.Format.Kernels;
using Snapshot.Format.Tests.Support;

namespace Snapshot.Format.Tests;

/// <summary>The released builds side by side: what each can hold and that the canonical form is the same on each.</summary>
public class KernelBuildsTests
{
    public static TheoryData<string> Builds => [.. KernelBuildCatalog.BuiltIn.Select(p => p.Build)];

    private static KernelBuildProfile Build(string name) => KernelBuildCatalog.Find(name)!;

    private static CanonicalThread Blocked(string syscall) =>
        new(2, ThreadRunState.Blocked, new SortedSet<string> { "restart" }, 0, 0, 4, "syscall_restart",
            new UserRegisters([.. Enumerable.Range(1, 16).Select(i => (ulong)i * 3)], 0x10_0040, 0x7fff_e000, 0x1, 0),
            new PendingSyscall(syscall, [0x2000_0000, 5, 0, 0, 0], Restart: true));

    private static CanonicalThread Preempted() =>
        new(1, ThreadRunState.Running, new SortedSet<string> { "main", "uspace" }, 17, 0, 3, "preempt",
            new UserRegisters([.. Enumerable.Range(1, 16).Select(i => (ulong)i)], 0x10_0008, 0x7fff_f000, 0x2, 0x5000), null);

    private static CanonicalTask Task() =>
        new(7, "active", new SortedSet<string> { "checkpointed", "restored" }, 4, 6, 2, 5, 0x4000_2000, 0x1234_5678_9abc);

    internal static CanonicalCall Call(CallQueueState state = CallQueueState.Answered) =>
        new(7, 3, 2, state, new SortedSet<string> { "sync", "forwarded" }, new PeerRef(PeerKind.Service, 2),
            state == CallQueueState.Queued ? 0UL : 9UL, state == CallQueueState.Dispatched ? 0UL : 1UL, 1, 1,
            [6, 0x2000_0100, 300, 0, 0, 0], state == CallQueueState.Answered ? [300, 0, 0, 0, 0, 0] : null,
            new CallTransfer("data_write", 0x2000_0100, 0x3000_0000, 300, state == CallQueueState.Answered ? 300UL : 256UL));

    [Fact]
    public void Three_builds_ship_and_the_oldest_lacks_the_call_record()
    {
        Assert.Equal(["spartan-0.4", "spartan-0.5", "spartan-0.6"], KernelBuildCatalog.BuiltIn.Select(p => p.Build));
        Assert.Null(Build("spartan-0.4").Call);
        Assert.Equal(1, Build("spartan-0.4").ProfileVersion);
        Assert.NotNull(Build("spartan-0.5").Call);
        Assert.NotNull(Build("spartan-0.6").Call);
        Assert.Equal(2, Build("spartan-0.6").ProfileVersion);
        Assert.All(KernelBuildCatalog.BuiltIn, p => Assert.Equal(50, p.Quantum));
    }

    [Fact]
    public void The_builds_differ_where_real_kernels_differ()
    {
        KernelBuildProfile a = Build("spartan-0.4"), b = Build("spartan-0.5"), c = Build("spartan-0.6");
        Assert.Equal([4u, 1u, 2u], new[] { a, b, c }.Select(p => p.Syscalls["write"]));
        Assert.Equal(3, new[] { a, b, c }.Select(p => p.StopSites["preempt"]).Distinct().Count());
        Assert.Equal(3, new[] { a, b, c }.Select(p => p.Flags["thread_flags"]["main"]).Distinct().Count());
        Assert.Equal(FieldType.U32, a.Task.Find("thread_count")!.Type);
        Assert.Equal(FieldType.U16, b.Task.Find("thread_count")!.Type);
        Assert.Null(c.Task.Find("task_id"));
        Assert.Null(c.Thread.Find("thread_id"));
        Assert.Null(c.KernelStack.Find("restart"));
        Assert.Equal(0UL, b.Thread.Find("cpu")!.Default);
        Assert.Equal(1UL, c.Task.Find("affinity")!.Default);
        Assert.NotEqual(b.Call!.Find("state")!.Offset, c.Call!.Find("state")!.Offset);
        Assert.NotEqual(b.Flags["call_flags"]["forwarded"], c.Flags["call_flags"]["forwarded"]);
    }

    [Fact]
    public void An_extension_field_has_the_same_default_on_every_build_that_has_it()
    {
        var defaults = KernelBuildCatalog.BuiltIn
            .SelectMany(p => p.Structs.Values.SelectMany(s => s.Fields.Where(f => f.Default is not null).Select(f => (s.Name, f.Name, f.Default))))
            .GroupBy(x => (x.Item1, x.Item2));
        Assert.All(defaults, group => Assert.Single(group.Select(x => x.Default).Distinct()));
    }

    [Theory]
    [MemberData(nameof(Builds))]
    public void Tasks_and_threads_round_trip_on_every_build(string name)
    {
        KernelBuildProfile profile = Build(name);
        CanonicalTask task = Task();
        var record = new TaskRecord(7, "t", "p", Hash256.Zero, CanonicalCodec.EncodeTask(task, profile));
        Assert.Equal(profile.Task.Size, record.KernelTask.Length);
        Assert.Equal(task, CanonicalCodec.DecodeTask(record, profile));
        foreach (CanonicalThread thread in new[] { Preempted(), Blocked("futex_wait") })
            Assert.Equal(thread, CanonicalCodec.DecodeThread(CanonicalCodec.EncodeThread(7, thread, profile), profile));
    }

    [Fact]
    public void The_same_thread_has_different_bytes_but_the_same_canonical_form_on_each_build()
    {
        var blobs = KernelBuildCatalog.BuiltIn.Select(p => CanonicalCodec.EncodeThread(7, Blocked("sleep"), p)).ToArray();
        Assert.Equal(3, blobs.Select(r => Convert.ToHexString(r.KernelStack.Span)).Distinct().Count());
        Assert.All(KernelBuildCatalog.BuiltIn.Zip(blobs), pair => Assert.Equal(Blocked("sleep"), CanonicalCodec.DecodeThread(pair.Second, pair.First)));
    }

    [Theory]
    [InlineData("spartan-0.5", CallQueueState.Queued)]
    [InlineData("spartan-0.5", CallQueueState.Dispatched)]
    [InlineData("spartan-0.6", CallQueueState.Answered)]
    [InlineData("spartan-0.6", CallQueueState.Queued)]
    public void Calls_round_trip_on_builds_with_a_call_record(string name, CallQueueState state)
    {
        KernelBuildProfile profile = Build(name);
        CallRecord record = CanonicalCodec.EncodeCall(Call(state), profile);
        Assert.Equal(profile.Call!.Size, record.KernelCall.Length);
        Assert.Equal(Call(state), CanonicalCodec.DecodeCall(record, profile));
    }

    [Fact]
    public void A_call_converts_between_the_two_call_records()
    {
        CallRecord old = CanonicalCodec.EncodeCall(Call(), Build("spartan-0.5"));
        CallRecord upgraded = CanonicalCodec.EncodeCall(CanonicalCodec.DecodeCall(old, Build("spartan-0.5")), Build("spartan-0.6"));
        Assert.NotEqual(old.KernelCall.ToArray(), upgraded.KernelCall.ToArray());
        Assert.Equal(Call(), CanonicalCodec.DecodeCall(upgraded, Build("spartan-0.6")));
    }

    [Fact]
    public void The_oldest_build_cannot_hold_a_call()
    {
        var e = Assert.Throws<SnapshotFormatException>(() => CanonicalCodec.EncodeCall(Call(), Build("spartan-0.4")));
        Assert.Contains("spartan-0.4 has no IPC call record", e.Reason);
        e = Assert.Throws<SnapshotFormatException>(() => CanonicalCodec.DecodeCall(new CallRecord(new byte[192]), Build("spartan-0.4")));
        Assert.Equal("CALLS", e.Section);
    }

    [Fact]
    public void A_call_record_that_contradicts_itself_is_refused()
    {
        KernelBuildProfile profile = Build("spartan-0.5");
        var values = new Dictionary<string, ulong>(profile.Call!.Decode(CanonicalCodec.EncodeCall(Call(CallQueueState.Queued), profile).KernelCall.Span))
        {
            ["retval"] = 5,
        };
        var e = Assert.Throws<SnapshotFormatException>(() => CanonicalCodec.DecodeCall(new CallRecord(profile.Call.Encode(values)), profile));
        Assert.Contains("carries answer words", e.Reason);
        values["retval"] = 0;
        values["transfer_done"] = 1000;
        e = Assert.Throws<SnapshotFormatException>(() => CanonicalCodec.DecodeCall(new CallRecord(profile.Call.Encode(values)), profile));
        Assert.Contains("exceeds its size", e.Reason);
    }

    [Fact]
    public void A_non_default_extension_needs_the_field_and_a_default_one_costs_nothing()
    {
        CanonicalTask pinned = Task() with { Extensions = new SortedDictionary<string, ulong> { ["affinity"] = 2 } };
        KernelBuildProfile newest = Build("spartan-0.6");
        var record = new TaskRecord(7, "t", "p", Hash256.Zero, CanonicalCodec.EncodeTask(pinned, newest));
        Assert.Equal(pinned, CanonicalCodec.DecodeTask(record, newest));
        var e = Assert.Throws<SnapshotFormatException>(() => CanonicalCodec.EncodeTask(pinned, Build("spartan-0.5")));
        Assert.Contains("no field 'affinity' to hold 2", e.Reason);

        // Written with its default, the field decodes to nothing: the task looks the same on every build.
        record = new TaskRecord(7, "t", "p", Hash256.Zero, CanonicalCodec.EncodeTask(Task(), newest));
        Assert.Empty(CanonicalCodec.DecodeTask(record, newest).Extensions);
    }

    [Fact]
    public void A_build_without_restart_derives_it_from_the_stop_site_and_refuses_what_it_cannot_derive()
    {
        KernelBuildProfile newest = Build("spartan-0.6");
        CanonicalThread odd = Preempted() with { Syscall = new PendingSyscall("sleep", [1, 0, 0, 0, 0], Restart: true) };
        var e = Assert.Throws<SnapshotFormatException>(() => CanonicalCodec.EncodeThread(7, odd, newest));
        Assert.Contains("derives kstack.restart from the stop site", e.Reason);
        Assert.Equal(odd, CanonicalCodec.DecodeThread(CanonicalCodec.EncodeThread(7, odd, Build("spartan-0.5")), Build("spartan-0.5")));
    }

    [Fact]
    public void Every_problem_of_a_blob_is_listed_not_only_the_first()
    {
        var problems = new List<StructProblem>();
        CanonicalThread thread = Blocked("ipc_wait") with { Extensions = new SortedDictionary<string, ulong> { ["cpu"] = 1 } };
        Assert.Null(CanonicalCodec.EncodeThread(7, thread, Build("spartan-0.4"), problems));
        Assert.Equal(["kstack.syscall", "thread.cpu"], problems.Select(p => $"{p.Struct}.{p.Field}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Profile_format_2_rules_are_enforced()
    {
        AssertRefused(p => p["profile"] = 3, "profile format 3 is not supported");
        AssertRefused(p => ProfileText.Field(p, "thread", "rank")["default"] = 0, "defaults need profile format 2");
        AssertRefused(p =>
        {
            p["profile"] = 2;
            ProfileText.Field(p, "thread", "rank")["default"] = 0;
        }, "a canonical field has no default");
        AssertRefused(p =>
        {
            p["profile"] = 2;
            p["structs"]!["thread"]!["size"] = 32;
            p["structs"]!["thread"]!["fields"]!.AsArray().Add(new JsonObject { ["name"] = "cpu", ["offset"] = 24, ["type"] = "u8" });
        }, "needs a \"default\"");
        AssertRefused(p =>
        {
            p["profile"] = 2;
            JsonArray fields = p["structs"]!["thread"]!["fields"]!.AsArray();
            fields.Remove(fields.Single(f => (string)f!["name"]! == "rank"));
        }, "canonical field 'rank' is required");
        AssertRefused(p =>
        {
            p["profile"] = 2;
            p["structs"]!["call"] = new JsonObject { ["size"] = 8, ["fields"] = new JsonArray() };
        }, "canonical field 'sender_task' is required");
    }

    private static void AssertRefused(Action<JsonObject> edit, string expected)
    {
        var e = Assert.Throws<SnapshotFormatException>(() => KernelBuildProfile.Parse(ProfileText.Edited(edit)));
        Assert.Contains(expected, e.Reason);
    }
}
