using Snapshot.Format.Pipelines;

namespace Snapshot.Format.Tests.Pipelines;

public sealed class OrderedParallelTests
{
    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 0)]
    [InlineData(8, 3)]
    public void Results_come_in_input_order_whatever_the_workers(int threads, int window)
    {
        // Later items finish first (shorter sleeps), so only the ordering logic keeps them in place.
        int[] results = OrderedParallel.Map(Enumerable.Range(0, 40), i =>
        {
            Thread.Sleep((40 - i) % 5);
            return i * i;
        }, threads, window).ToArray();

        Assert.Equal(Enumerable.Range(0, 40).Select(i => i * i), results);
    }

    [Fact]
    public void No_more_items_than_the_window_are_in_flight()
    {
        int inFlight = 0, highest = 0;
        var gate = new object();
        int Work(int i)
        {
            lock (gate)
                highest = Math.Max(highest, ++inFlight);
            Thread.Sleep(2);
            lock (gate)
                inFlight--;
            return i;
        }
        int produced = 0;
        IEnumerable<int> Source()
        {
            for (int i = 0; i < 60; i++)
            {
                produced++;
                yield return i;
            }
        }

        int consumed = 0;
        foreach (int _ in OrderedParallel.Map(Source(), Work, threads: 4, window: 3))
        {
            // The source is read only as far as the window allows (the window plus the item waiting for a slot):
            // bounded memory whatever the input length.
            Assert.InRange(produced - consumed, 0, 3 + 1);
            consumed++;
        }

        Assert.InRange(highest, 1, 3);
    }

    [Fact]
    public void The_first_failing_item_in_input_order_is_the_one_reported()
    {
        IEnumerable<int> results = OrderedParallel.Map(Enumerable.Range(0, 20), i =>
        {
            if (i is 7 or 12)
                throw new InvalidDataException($"item {i}");
            return i;
        }, threads: 4);

        var error = Assert.Throws<InvalidDataException>(() => results.ToList());
        Assert.Equal("item 7", error.Message);
    }

    [Fact]
    public void Stopping_early_waits_for_the_items_in_flight()
    {
        int finished = 0, started = 0;
        foreach (int i in OrderedParallel.Map(Enumerable.Range(0, 100), i =>
                 {
                     Interlocked.Increment(ref started);
                     Thread.Sleep(5);
                     Interlocked.Increment(ref finished);
                     return i;
                 }, threads: 2, window: 4))
        {
            if (i == 2)
                break;
        }

        Assert.Equal(Volatile.Read(ref started), Volatile.Read(ref finished));
        Assert.True(started < 100);
    }
}
