using Snapshot.Testing.Locations;

namespace Snapshot.Tools.Tests.Diff;

/// <summary>
/// Real images written by kernel-sim (Images/make-diff-images.scn): the prime sieve and the producer/consumer
/// program, each checkpointed at two moments of one run, and the sieve's first moment again from a second run.
/// Tests copy them into their scratch directory, so the paths in the output do not depend on the checkout.
/// </summary>
internal static class KernelImages
{
    public const string SieveEarly = "sieve-20000.snap";
    public const string SieveLate = "sieve-30000.snap";
    public const string SieveEarlyAgain = "sieve-20000-again.snap";
    public const string ProdconsEarly = "prodcons-600.snap";
    public const string ProdconsLate = "prodcons-873.snap";

    public static string Directory =>
        Path.Combine(RepositoryRoot.Find(), "tests", "Snapshot.Tools.Tests", "Diff", "Images");

    /// <summary>Copies image <paramref name="name"/> into <paramref name="scratch"/> and returns the copy's path.</summary>
    public static string CopyTo(string scratch, string name)
    {
        var target = Path.Combine(scratch, name);
        File.Copy(Path.Combine(Directory, name), target, overwrite: true);
        return target;
    }
}
