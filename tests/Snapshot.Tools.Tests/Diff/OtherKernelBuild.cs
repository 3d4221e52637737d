using System.Text;
using System.Text.Json.Nodes;
using Snapshot.Format.Kernels;
using Snapshot.Testing.Locations;

namespace Snapshot.Tools.Tests.Diff;

/// <summary>
/// A second build of the spartan kernel made for tests by editing the spartan-0.4 profile where real releases
/// differ: every syscall renumbered, the stop sites at other addresses, the kernel stack frame's fields in
/// reverse order. User-visible behaviour is the same, so its images must differ from spartan-0.4's only in the build.
/// </summary>
internal static class OtherKernelBuild
{
    public static KernelBuildProfile Create()
    {
        var path = Path.Combine(RepositoryRoot.Find(), "format-spec", "kernels", "spartan-0.4.json");
        var profile = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        profile["build"] = "spartan-0.5";
        profile["version"] = "0.5.0";
        var syscalls = profile["syscalls"]!.AsObject();
        foreach (var name in syscalls.Select(s => s.Key).ToArray())
        {
            syscalls[name] = (int)syscalls[name]! + 100;
        }

        profile["stopSites"]!["preempt"] = "0xffffffff80204a00";
        profile["stopSites"]!["syscall_restart"] = "0xffffffff80207c00";
        var stack = profile["structs"]!["kstack"]!;
        var size = (int)stack["size"]!;
        foreach (var field in stack["fields"]!.AsArray())
        {
            // Every kernel stack field is a u64, so reversing the frame keeps it well formed.
            field!["offset"] = size - 8 - (int)field["offset"]!;
        }

        return KernelBuildProfile.Parse(Encoding.UTF8.GetBytes(profile.ToJsonString()));
    }
}
