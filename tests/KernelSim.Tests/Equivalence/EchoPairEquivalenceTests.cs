using Snapshot.Testing.Locations;

namespace KernelSim.Tests.Equivalence;

public sealed class EchoPairEquivalenceTests
{
    [Fact]
    public void Smoke()
    {
        using var temp = new TempDirectory();
        var run = SetRun.EchoPair();
        var reference = run.Uninterrupted();
        for (ulong k = 1; k < 4000; k += 37)
        {
            var interrupted = run.Interrupt(k, temp.File($"at-{k}.snap"));
            if (interrupted is null)
            {
                break;
            }

            Assert.True(reference == interrupted.Outcome, $"at tick {k}:\n{interrupted.Outcome}\n----\n{reference}");
        }
    }
}
