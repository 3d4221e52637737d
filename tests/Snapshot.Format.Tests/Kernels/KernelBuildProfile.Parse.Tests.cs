using System.Text;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Snapshot.Format.Kernels;
using Snapshot.Format.Tests.Support;

namespace Snapshot.Format.Tests;

public class KernelBuildProfileParseTests
{
    [Fact]
    public void The_spartan_profile_parses_with_every_table()
    {
        KernelBuildProfile profile = KernelBuildProfile.Load(ProfileText.SpartanPath);
        Assert.Equal("spartan-0.4", profile.Build);
        Assert.Equal("spartan", profile.KernelName);
        Assert.Equal("0.4.0", profile.Version);
        Assert.Equal("sim64", profile.Architecture);
        Assert.Equal(4096u, profile.PageSize);
        Assert.Equal(50, profile.Quantum);
        Assert.Equal(14u, profile.Syscalls["sleep"]);
        Assert.Equal("sleep", profile.SyscallName(14));
        Assert.Null(profile.SyscallName(0));
        Assert.Equal(3u, profile.Enums["thread_state"]["blocked"]);
        Assert.Equal(4UL, profile.Flags["thread_flags"]["main"]);
        Assert.Equal(0xffffffff80104a20UL, profile.StopSites["preempt"]);
        Assert.Equal("syscall_restart", profile.StopSiteName(0xffffffff80107c58));
        Assert.Equal(48, profile.Task.Size);
        Assert.Equal(24, profile.Thread.Size);
        Assert.Equal(224, profile.KernelStack.Size);
        Assert.Equal(new FieldLayout("stop_site", 0, FieldType.U64, null, null, true, false), profile.KernelStack.Find("stop_site"));
        Assert.Equal("thread_state", profile.Thread.Find("state")!.Enum);
        Assert.Null(profile.Task.Find("nope"));
    }

    [Fact]
    public void Build_id_is_the_SHA256_of_the_file_with_LF_line_endings()
    {
        byte[] bytes = File.ReadAllBytes(ProfileText.SpartanPath);
        byte[] lf = [.. Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(bytes).Replace("\r\n", "\n"))];
        byte[] crlf = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(lf).Replace("\n", "\r\n"));

        Hash256 expected = Hash256.Read(SHA256.HashData(lf));
        Assert.Equal(expected, KernelBuildProfile.Parse(lf).BuildId);
        Assert.Equal(expected, KernelBuildProfile.Parse(crlf).BuildId);
        Assert.Equal(expected, KernelBuildCatalog.Find("spartan-0.4")!.BuildId);
        KernelBuildStamp stamp = KernelBuildProfile.Parse(lf).Stamp;
        Assert.Equal($"spartan 0.4.0 (sim64, build {expected.Short})", stamp.Display);
    }

    [Fact]
    public void The_catalog_holds_the_embedded_profiles_in_build_order()
    {
        Assert.Contains(KernelBuildCatalog.BuiltIn, p => p.Build == "spartan-0.4");
        Assert.Equal(KernelBuildCatalog.BuiltIn.Select(p => p.Build).Order(StringComparer.Ordinal), KernelBuildCatalog.BuiltIn.Select(p => p.Build));
        KernelBuildProfile spartan = KernelBuildCatalog.Find("spartan-0.4")!;
        Assert.Same(spartan, KernelBuildCatalog.Find(spartan.BuildId));
        Assert.Null(KernelBuildCatalog.Find(Hash256.Zero));
        Assert.Null(KernelBuildCatalog.Find("spartan-9.9"));
    }

    public static TheoryData<string, string> BrokenProfiles => new()
    {
        { "overlap", "overlap" },
        { "outside", "does not fit" },
        { "type", "unknown type 'u24'" },
        { "stopsite", "not a hex address" },
        { "enum", "enum 'nope' is not defined" },
        { "missing-struct", "struct 'kstack' is required" },
        { "syscall-zero", "start at 1" },
        { "syscall-duplicate", "used twice" },
        { "flag-not-bit", "not a single bit" },
        { "profile-version", "profile format 3" },
        { "page-size", "not a power of two" },
        { "stopsite-type", "must be u64" },
    };

    [Theory]
    [MemberData(nameof(BrokenProfiles))]
    public void An_inconsistent_profile_is_refused_with_its_path(string edit, string expected)
    {
        byte[] bytes = ProfileText.Edited(profile =>
        {
            switch (edit)
            {
                case "overlap": ProfileText.Field(profile, "task", "state")["offset"] = 4; break;
                case "outside": ProfileText.Field(profile, "task", "rng_state")["offset"] = 44; break;
                case "type": ProfileText.Field(profile, "task", "state")["type"] = "u24"; break;
                case "stopsite": profile["stopSites"]!["preempt"] = "ffffffff80104a20"; break;
                case "enum": ProfileText.Field(profile, "task", "state")["enum"] = "nope"; break;
                case "missing-struct": profile["structs"]!.AsObject().Remove("kstack"); break;
                case "syscall-zero": profile["syscalls"]!["yield"] = 0; break;
                case "syscall-duplicate": profile["syscalls"]!["yield"] = 4; break;
                case "flag-not-bit": profile["flags"]!["task_flags"]!["restored"] = 3; break;
                case "profile-version": profile["profile"] = 3; break;
                case "page-size": profile["pageSize"] = 5000; break;
                case "stopsite-type": ProfileText.Field(profile, "kstack", "stop_site")["type"] = "u32"; break;
            }
        });
        var e = Assert.Throws<SnapshotFormatException>(() => KernelBuildProfile.Parse(bytes));
        Assert.Equal("profile", e.Section);
        Assert.Contains(expected, e.Reason);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("{\"profile\": 1}")]
    [InlineData("{\"profile\": \"1\"}")]
    public void Malformed_JSON_is_refused(string text)
    {
        var e = Assert.Throws<SnapshotFormatException>(() => KernelBuildProfile.Parse(Encoding.UTF8.GetBytes(text)));
        Assert.Equal("profile", e.Section);
    }

    [Fact]
    public void Unknown_keys_are_ignored_so_profiles_can_grow()
    {
        byte[] bytes = ProfileText.Edited(p => p["ipc"] = new JsonObject { ["callRecord"] = 1 });
        Assert.Equal("spartan-0.4", KernelBuildProfile.Parse(bytes).Build);
    }
}
