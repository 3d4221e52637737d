using System.Security.Cryptography;
using Snapshot.Format.Kernels;
using Snapshot.Format.Signing;
using Snapshot.Format.Tests.Support;
using Snapshot.Format.Upgrade;
using static Snapshot.Format.Tests.Upgrade.UpgradeImages;

namespace Snapshot.Format.Tests.Upgrade;

public class ImageUpgraderTests
{
    [Theory]
    [MemberData(nameof(GoldenFixtures), MemberType = typeof(UpgradeImages))]
    public void Every_golden_fixture_upgrades_to_every_build_with_the_same_canonical_state_and_the_same_stored_chunks(string fixture)
    {
        using var directory = new TempDirectory();
        string input = Fixtures.Path(fixture);
        byte[] before = File.ReadAllBytes(input);
        ImageMetadata original = Read(input);
        KernelBuildProfile source = KernelBuildCatalog.Find(original.Header.Build.BuildId)!;
        foreach (KernelBuildProfile target in KernelBuildCatalog.BuiltIn.Where(p => p.BuildId != source.BuildId))
        {
            string output = directory.File($"{target.Build}.snap");
            UpgradeResult result = ImageUpgrader.Upgrade(input, output, new UpgradeOptions { Target = target });

            Assert.False(result.Plan.IsNoOp);
            ImageMetadata upgraded = Read(output);
            Assert.Equal(target.Stamp, upgraded.Header.Build);
            Assert.Equal(original.Checkpoint.TaskIds, upgraded.Checkpoint.TaskIds);
            Assert.Equal(original.Checkpoint.KilledAfter, upgraded.Checkpoint.KilledAfter);
            Assert.Equal(original.Tasks.Count, upgraded.Tasks.Count);
            foreach ((TaskMetadata a, TaskMetadata b) in original.Tasks.Zip(upgraded.Tasks))
            {
                Assert.Equal(CanonicalCodec.DecodeTask(a.Task, source), CanonicalCodec.DecodeTask(b.Task, target));
                Assert.Equal(a.Areas, b.Areas);
                Assert.Equal(a.Threads.Select(t => CanonicalCodec.DecodeThread(t, source)), b.Threads.Select(t => CanonicalCodec.DecodeThread(t, target)));
            }
            Assert.Equal(Chunks(input), Chunks(output));
            Assert.Equal(result.Plan.Chunks, Chunks(output).Count);
        }
        Assert.Equal(before, File.ReadAllBytes(input));
    }

    [Theory]
    [InlineData("ckpt.snap")]
    [InlineData("prodcons.snap")]
    [InlineData("sleeper.snap")]
    public void A_chain_of_conversions_equals_the_direct_one_and_the_way_back_restores_the_original_bytes(string fixture)
    {
        using var directory = new TempDirectory();
        string input = Fixtures.Path(fixture);
        ImageUpgrader.Upgrade(input, directory.File("b.snap"), To("spartan-0.5"));
        ImageUpgrader.Upgrade(directory.File("b.snap"), directory.File("c-chain.snap"), To("spartan-0.6"));
        ImageUpgrader.Upgrade(input, directory.File("c-direct.snap"), To("spartan-0.6"));
        Assert.Equal(File.ReadAllBytes(directory.File("c-direct.snap")), File.ReadAllBytes(directory.File("c-chain.snap")));

        ImageUpgrader.Upgrade(directory.File("c-chain.snap"), directory.File("a-again.snap"), To("spartan-0.4"));
        Assert.Equal(File.ReadAllBytes(input), File.ReadAllBytes(directory.File("a-again.snap")));
    }

    [Fact]
    public void Converting_to_the_image_s_own_build_is_a_copy_that_says_so()
    {
        using var directory = new TempDirectory();
        string input = Fixtures.Path("signed-ckpt.snap");
        UpgradeResult result = ImageUpgrader.Upgrade(input, directory.File("same.snap"), To("spartan-0.4"));
        Assert.True(result.Plan.IsNoOp);
        Assert.Equal(SignatureFate.Kept, result.Plan.Signature);
        Assert.Empty(result.Plan.Changes);
        Assert.Contains(result.Plan.Notes, n => n.Contains("byte-for-byte copy", StringComparison.Ordinal));
        Assert.Equal(File.ReadAllBytes(input), File.ReadAllBytes(directory.File("same.snap")));
    }

    [Fact]
    public void A_signature_is_dropped_without_a_key_and_made_anew_with_one()
    {
        using var directory = new TempDirectory();
        string input = Fixtures.Path("signed-ckpt.snap");
        UpgradeResult dropped = ImageUpgrader.Upgrade(input, directory.File("unsigned.snap"), To("spartan-0.5"));
        Assert.Equal(SignatureFate.Dropped, dropped.Plan.Signature);
        Assert.Contains(dropped.Plan.Changes, c => c.Kind == "signature" && c.Note!.Contains("dropped", StringComparison.Ordinal));
        Assert.Equal(0UL, Read(directory.File("unsigned.snap")).Header.Features.Autoclear);
        Assert.Equal(new FormatVersion(1, 0), Read(directory.File("unsigned.snap")).Header.Version);

        using ImageSigner signer = ImageSigner.FromKeyFile(Fixtures.Path("keys/test-hmac.key"));
        UpgradeResult signed = ImageUpgrader.Upgrade(input, directory.File("signed.snap"), To("spartan-0.5") with { Signer = signer });
        Assert.Equal(SignatureFate.Signed, signed.Plan.Signature);
        using SignatureVerifier key = SignatureVerifier.FromKeyFile(Fixtures.Path("keys/test-hmac.key"));
        Assert.Equal(SignatureStatus.Verified, ImageSignatures.Verify(directory.File("signed.snap"), key).Status);
    }

    [Fact]
    public void Only_sections_of_unknown_kinds_are_reported_left_out_not_the_summary_or_the_signature()
    {
        using var directory = new TempDirectory();
        string summarized = TestImage.Small(seed: 3).WriteFile(directory, "summarized.snap");
        string withUnknown = directory.File("unknown.snap");
        using (FileStream file = File.Create(withUnknown))
        using (ImageWriter writer = ImageWriter.Create(file, TestImage.Profile.Stamp))
        {
            writer.WriteCheckpoint(new CheckpointRecord([], KilledAfter: false));
            writer.WriteOpaqueSection((SectionType)0x0077, 1, SectionFlags.None, [1, 2, 3]);
            writer.Complete();
        }

        UpgradeResult fromSummarized = ImageUpgrader.Upgrade(summarized, directory.File("a.snap"), To("spartan-0.5"));
        UpgradeResult fromSigned = ImageUpgrader.Upgrade(Fixtures.Path("signed-ckpt.snap"), directory.File("b.snap"), To("spartan-0.5"));
        UpgradeResult fromUnknown = ImageUpgrader.Upgrade(withUnknown, directory.File("c.snap"), To("spartan-0.5"));

        Assert.DoesNotContain(fromSummarized.Plan.Notes, n => n.Contains("left out", StringComparison.Ordinal));
        Assert.DoesNotContain(fromSigned.Plan.Notes, n => n.Contains("left out", StringComparison.Ordinal));
        Assert.Contains(fromUnknown.Plan.Notes, n => n.StartsWith("1 section(s) of a kind this library does not know are left out", StringComparison.Ordinal));
    }

    [Fact]
    public void Format_version_1_0_is_written_where_the_content_allows_and_refused_where_it_does_not()
    {
        using var directory = new TempDirectory();
        string signed = Fixtures.Path("signed-ckpt.snap");
        UpgradeResult older = ImageUpgrader.Upgrade(signed, directory.File("old.snap"), To("spartan-0.4") with { MaxFormatVersion = new FormatVersion(1, 0) });
        Assert.False(older.Plan.IsNoOp);
        Assert.Equal(new FormatVersion(1, 0), older.Plan.TargetFormat);
        Assert.Contains(older.Plan.Changes, c => c is { Kind: "format", From: "1.1", To: "1.0" });

        UpgradePlan repaired = ImageUpgrader.Plan(Fixtures.Path("repaired-prodcons.snap"), To("spartan-0.6") with { MaxFormatVersion = new FormatVersion(1, 0) });
        UpgradeBlocker blocker = Assert.Single(repaired.Blockers);
        Assert.Equal(UpgradeFeatures.Repaired, blocker.Feature);

        // A format 1.2 set (a 1.3 writer's chunks would block too, for their own feature).
        string set = directory.File("set-1.2.snap");
        File.WriteAllBytes(set, ExternalSet("spartan-0.5").Write(new ImageWriterOptions { Compatibility = FormatVersion.V1_2 }));
        UpgradePlan external = ImageUpgrader.Plan(set, To("spartan-0.6") with { MaxFormatVersion = new FormatVersion(1, 1) });
        Assert.Equal(UpgradeFeatures.ExternalState, Assert.Single(external.Blockers).Feature);
    }

    [Fact]
    public void A_repaired_image_stays_marked_repaired()
    {
        using var directory = new TempDirectory();
        ImageUpgrader.Upgrade(Fixtures.Path("repaired-prodcons.snap"), directory.File("r.snap"), To("spartan-0.6"));
        ImageMetadata metadata = Read(directory.File("r.snap"));
        Assert.NotNull(metadata.Repair);
        Assert.Equal(Read(Fixtures.Path("repaired-prodcons.snap")).Repair!.Sections, metadata.Repair.Sections);
    }

    [Fact]
    public void External_state_passes_through_with_its_calls_re_encoded()
    {
        using var directory = new TempDirectory();
        ExternalSetImage set = ExternalSet("spartan-0.5");
        string input = set.WriteFile(directory);
        UpgradeResult result = ImageUpgrader.Upgrade(input, directory.File("set-0.6.snap"), To("spartan-0.6"));
        Assert.Equal(4, result.Plan.Calls);
        Assert.Contains(result.Plan.Changes, c => c is { Kind: "flag", Subject: "call_flags.forwarded", From: "0x4", To: "0x1" });

        ImageMetadata upgraded = Read(directory.File("set-0.6.snap"));
        ExternalState external = upgraded.External!;
        Assert.Equal(set.CanonicalCalls, external.Calls.Select(c => CanonicalCodec.DecodeCall(c, Build("spartan-0.6"))));
        Assert.NotEqual(set.External.Calls[0].KernelCall.ToArray(), external.Calls[0].KernelCall.ToArray());
        Assert.Equal(set.External.TaskIpc.Select(t => t.TaskId), external.TaskIpc.Select(t => t.TaskId));
        Assert.Equal(set.External.Files[0].Files.Select(f => f.Path), external.Files[0].Files.Select(f => f.Path));
        Assert.Equal(set.External.SharedAreas[0].ShareId, external.SharedAreas[0].ShareId);
        Assert.Equal(set.External.Cooperation.OutsideTaskIds, external.Cooperation.OutsideTaskIds);

        ImageUpgrader.Upgrade(directory.File("set-0.6.snap"), directory.File("set-back.snap"), To("spartan-0.5"));
        Assert.Equal(File.ReadAllBytes(input), File.ReadAllBytes(directory.File("set-back.snap")));
    }

    [Fact]
    public void A_downgrade_to_the_build_without_IPC_lists_every_blocker_by_name_and_writes_nothing()
    {
        using var directory = new TempDirectory();
        string input = ExternalSet("spartan-0.6", thread => thread with
        {
            Syscall = new PendingSyscall("ipc_wait", [0x20000, 0, 0, 0, 0], Restart: true),
            Extensions = new SortedDictionary<string, ulong> { ["cpu"] = 3 },
        }).WriteFile(directory);

        var e = Assert.Throws<UpgradeRefusedException>(() => ImageUpgrader.Upgrade(input, directory.File("out.snap"), To("spartan-0.4")));
        Assert.False(File.Exists(directory.File("out.snap")));
        Assert.Empty(AtomicFile.Temporaries(directory.File("out.snap")));
        string[] blockers = [.. e.Plan.Blockers.Select(b => b.ToString())];
        Assert.Equal(
        [
            "task 1 thread 1: thread.cpu: build spartan-0.4's thread struct has no field 'cpu' to hold 3",
            "task 1 thread 1: kstack.syscall [ipc]: build spartan-0.4 has no syscall 'ipc_wait'",
            "task 2 thread 1: thread.cpu: build spartan-0.4's thread struct has no field 'cpu' to hold 3",
            "task 2 thread 1: kstack.syscall [ipc]: build spartan-0.4 has no syscall 'ipc_wait'",
            "call 1/3 [ipc]: call to task 2 (dispatched); build spartan-0.4 has no IPC call record",
            "call 1/4 [ipc]: call to task 2 (dispatched); build spartan-0.4 has no IPC call record",
            "call 1/5 [ipc]: call to task 1 (answered); build spartan-0.4 has no IPC call record",
            "call 1/6 [ipc]: call to task 2 (queued); build spartan-0.4 has no IPC call record",
            "task 1 [ipc]: 4 phone(s) (0, 1, 2, 4); build spartan-0.4 cannot hold IPC state (it has no call record)",
            "task 2 [ipc]: 1 phone(s) (0); build spartan-0.4 cannot hold IPC state (it has no call record)",
            "shared area 1 [ipc]: memory shared by 2 participant(s); build spartan-0.4 cannot hold IPC state (it has no call record)",
            "task 1 [ipc]: 2 open file(s) held by the VFS service; build spartan-0.4 cannot hold IPC state (it has no call record)",
            "task 1 [ipc]: connection over phone 0 to service 1; build spartan-0.4 cannot hold IPC state (it has no call record)",
            "task 2 [ipc]: connection over phone 0 to service 1; build spartan-0.4 cannot hold IPC state (it has no call record)",
            "task 1 [ipc]: connection over phone 2 to service 2; build spartan-0.4 cannot hold IPC state (it has no call record)",
        ], blockers);
    }

    [Fact]
    public void A_value_the_target_field_cannot_hold_blocks_a_downgrade()
    {
        using var directory = new TempDirectory();
        string input = ExternalSet("spartan-0.6", thread => thread with { Rank = 70000 }).WriteFile(directory);
        UpgradePlan plan = ImageUpgrader.Plan(input, To("spartan-0.5"));
        Assert.Equal(["thread.rank", "thread.rank"], plan.Blockers.Select(b => b.Field));
        Assert.All(plan.Blockers, b => Assert.Contains("(U16) of build spartan-0.5 cannot hold 70000", b.Reason));
    }

    [Fact]
    public void A_call_the_older_call_record_cannot_hold_blocks_by_field_not_by_feature()
    {
        using var directory = new TempDirectory();
        string input = ExternalSet("spartan-0.6", changeCall: call => call with { ForwardCount = 70000 }).WriteFile(directory);
        UpgradePlan plan = ImageUpgrader.Plan(input, To("spartan-0.5"));
        Assert.Equal(4, plan.Blockers.Count);
        Assert.All(plan.Blockers, b =>
        {
            Assert.Equal("call.forward_count", b.Field);
            Assert.Null(b.Feature);
            Assert.StartsWith("call 1/", b.Subject, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void The_output_must_not_be_the_input_and_the_input_is_never_modified()
    {
        using var directory = new TempDirectory();
        string input = directory.File("ckpt.snap");
        File.Copy(Fixtures.Path("ckpt.snap"), input);
        byte[] hash = SHA256.HashData(File.ReadAllBytes(input));
        Assert.Throws<ArgumentException>(() => ImageUpgrader.Upgrade(input, input, To("spartan-0.5")));
        Assert.Equal(hash, SHA256.HashData(File.ReadAllBytes(input)));
    }

    [Fact]
    public void An_image_of_an_unknown_build_is_refused_as_such()
    {
        using var directory = new TempDirectory();
        string input = directory.File("alien.snap");
        TestTask task = TestImage.Small().Tasks[0];
        using (var stream = File.Create(input))
        using (ImageWriter writer = ImageWriter.Create(stream, TestImage.Profile.Stamp with { BuildId = Hash256.Compute("alien"u8) }))
        {
            writer.WriteCheckpoint(new CheckpointRecord([1], KilledAfter: false));
            writer.WriteTask(task.Task);
            writer.WriteAreas(1, task.Areas);
            writer.WriteThread(task.Threads[0]);
            writer.Complete();
        }
        UpgradeBlocker blocker = Assert.Single(ImageUpgrader.Plan(input, To("spartan-0.5")).Blockers);
        Assert.Equal("kernel-build", blocker.Feature);
    }

    private static ImageMetadata Read(string path)
    {
        using ImageReader reader = ImageReader.Open(path);
        return reader.ReadMetadata();
    }
}
