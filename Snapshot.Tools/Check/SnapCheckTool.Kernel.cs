using System.CommandLine;
using Snapshot.Format.Kernels;
using Snapshot.Tools.Upgrade;

namespace Snapshot.Tools.Check;

// snapcheck --kernel BUILD (issue 4): answers before any restore is tried whether BUILD can restore the image as is,
// after snapupgrade (and what would change), or not at all (and why). With --kernel the exit code is 0 only when the
// image is valid and restorable as is.
public sealed partial class SnapCheckTool
{
    private readonly Option<string?> _kernel = new("--kernel")
    {
        Description = "Also say whether this kernel build (e.g. spartan-0.6) can restore the image: as is, after snapupgrade (and what changes), or not (and why).",
        HelpName = "BUILD",
    };

    /// <summary>The verdict for <paramref name="build"/>, or null without --kernel; an image with problems gets no plan (nothing can be trusted).</summary>
    private static KernelVerdict? KernelVerdictFor(string image, string? build, bool valid)
    {
        if (build is null)
        {
            return null;
        }

        if (KernelBuildCatalog.Find(build) is not { } target)
        {
            return new KernelVerdict(build, "not-convertible",
                $"unknown kernel build '{build}' (known: {string.Join(", ", KernelBuildCatalog.BuiltIn.Select(p => p.Build))})", [], []);
        }

        return valid
            ? KernelVerdictBuilder.For(image, target)
            : new KernelVerdict(build, "not-convertible", $"not restorable on {build}: the image has problems", [], []);
    }

    private static void WriteKernel(TextWriter output, KernelVerdict? kernel)
    {
        if (kernel is null)
        {
            return;
        }

        output.WriteLine($"kernel {kernel.Build}: {kernel.Message}");
        foreach (var change in kernel.Changes)
        {
            output.WriteLine($"  {change.Kind} {change.Subject}: {change.From} -> {change.To}{(change.Note is null ? "" : $" ({change.Note})")}");
        }

        foreach (var blocker in kernel.Blockers)
        {
            var where = blocker.Field is null ? blocker.Subject : $"{blocker.Subject}: {blocker.Field}";
            output.WriteLine(blocker.Feature is null ? $"  {where}: {blocker.Reason}" : $"  {where} [{blocker.Feature}]: {blocker.Reason}");
        }
    }
}
