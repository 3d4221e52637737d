using System.Text;
using System.Text.RegularExpressions;
using KernelSim.Assembler;

namespace KernelSim.Tests.Programs;

public sealed partial class SampleProgramTests
{
    private const int InstructionBudget = 1_000_000; // "a few hundred thousand instructions at default arguments"

    private static FakeKernel Run(string name, ulong argument = 0, int quantum = 50) =>
        new FakeKernel(ProgramLibrary.Load(name), argument, quantum).Run(InstructionBudget);

    [Fact]
    public void Ckpt_prints_the_counter_and_the_checksum()
    {
        var kernel = Run("ckpt");
        Assert.Equal(ExpectedCkpt(200), kernel.Console);
        Assert.Equal(0, kernel.ExitCode);
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(7UL)]
    [InlineData(1000UL)]
    public void Ckpt_counts_to_its_argument(ulong count)
    {
        var kernel = new FakeKernel(ProgramLibrary.Load("ckpt"), count).Run(10_000_000);
        Assert.Equal(ExpectedCkpt((int)count), kernel.Console);
        Assert.Equal(0, kernel.ExitCode);
    }

    [Fact]
    public void Ckpt_keeps_its_checksum_in_the_data_section()
    {
        var program = ProgramLibrary.Load("ckpt");
        var kernel = new FakeKernel(program, 5).Run();
        ulong expected = ExpectedChecksum(5);
        byte[] data = kernel.Memory.Peek(AssembledProgram.DataBase, program.Data.Length);
        Assert.Contains(expected, Enumerable.Range(0, data.Length / 8).Select(i => BitConverter.ToUInt64(data, i * 8)));
    }

    [Fact]
    public void Sieve_finds_the_primes_up_to_the_default_limit()
    {
        var kernel = Run("sieve");
        Assert.Equal(ExpectedSieve(20000), kernel.Console);
        Assert.Equal(0, kernel.ExitCode);
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(100UL)]
    [InlineData(4096UL)]
    public void Sieve_honours_its_limit(ulong limit)
    {
        var kernel = Run("sieve", limit);
        Assert.Equal(ExpectedSieve((int)limit), kernel.Console);
    }

    [Fact]
    public void Sieve_materialises_only_the_pages_it_touches()
    {
        var kernel = Run("sieve", 10000);
        // 1 MiB area = 256 pages, but 10001 flag bytes span 3 pages; plus code, data and stack.
        Assert.InRange(kernel.Memory.MaterialisedPages, 3, 12);
    }

    [Fact]
    public void Sieve_reports_a_limit_too_large()
    {
        var kernel = Run("sieve", 1UL << 41);
        Assert.Equal("sieve: no memory\n", kernel.Console);
        Assert.Equal(1, kernel.ExitCode);
    }

    [Theory]
    [InlineData(0UL, 1)]
    [InlineData(0UL, 3)]
    [InlineData(0UL, 50)]
    [InlineData(0UL, 997)]
    [InlineData(3UL, 2)]
    [InlineData(20UL, 13)]
    public void Prodcons_consumes_every_item_exactly_once(ulong argument, int quantum)
    {
        var kernel = Run("prodcons", argument, quantum);
        int k = argument == 0 ? 50 : (int)argument;
        string[] lines = Lines(kernel.Console);

        Assert.Equal($"prodcons: 2 producers x {k} items, 2 consumers", lines[0]);
        Assert.Equal($"prodcons: consumed {2 * k} items, sum {k * (2 * k + 1)}", lines[^1]);
        Assert.Equal(0, kernel.ExitCode);

        var consumed = lines.Select(l => ConsumedLine().Match(l)).Where(m => m.Success).ToArray();
        Assert.Equal(Enumerable.Range(1, 2 * k), consumed.Select(m => int.Parse(m.Groups[2].Value)).Order());
        var consumerIds = consumed.Select(m => m.Groups[1].Value).Distinct().ToArray();
        Assert.All(consumerIds, id => Assert.Contains(id, new[] { "4", "5" }));

        // Each consumer's summary matches the items it printed; each producer made K items.
        foreach (var id in new[] { "4", "5" })
        {
            var mine = consumed.Where(m => m.Groups[1].Value == id).Select(m => long.Parse(m.Groups[2].Value)).ToArray();
            Assert.Contains($"consumer {id}: took {mine.Length} items, sum {mine.Sum()}", lines);
        }
        Assert.Contains($"producer 2: made {k} items", lines);
        Assert.Contains($"producer 3: made {k} items", lines);
        Assert.Equal(2 * k + 6, lines.Length);
        Assert.Equal(5, kernel.ThreadsCreated);
    }

    [Fact]
    public void Prodcons_values_of_each_producer_arrive_in_order()
    {
        var kernel = Run("prodcons", 0, 7);
        var values = Lines(kernel.Console).Select(l => ConsumedLine().Match(l)).Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[2].Value)).ToArray();
        // A ring buffer is FIFO; only two consumers racing between take and print can swap neighbours.
        foreach (int parity in new[] { 1, 0 })
        {
            var mine = values.Where(v => v % 2 == parity).ToArray();
            int inversions = mine.Zip(mine.Skip(1)).Count(pair => pair.First > pair.Second);
            Assert.True(inversions <= mine.Length / 2, $"{inversions} inversions in {string.Join(",", mine)}");
        }
    }

    [Theory]
    [InlineData(0UL, 50)]
    [InlineData(0UL, 1)]
    [InlineData(6UL, 9)]
    public void Sleeper_threads_wake_in_order_and_finish(ulong argument, int quantum)
    {
        var kernel = Run("sleeper", argument, quantum);
        int rounds = argument == 0 ? 4 : (int)argument;
        string[] lines = Lines(kernel.Console);

        Assert.Equal($"sleeper: 3 threads x {rounds} rounds", lines[0]);
        Assert.Equal("sleeper: all done", lines[^1]);
        Assert.Equal(0, kernel.ExitCode);
        Assert.Equal(2 + 3 * (rounds + 1), lines.Length);
        for (int i = 0; i < 3; i++)
        {
            string tid = (i + 2).ToString();
            var mine = lines.Where(l => l.StartsWith($"sleeper {tid}: ", StringComparison.Ordinal)).ToArray();
            var expected = Enumerable.Range(1, rounds).Select(n => $"sleeper {tid}: wake {n}")
                .Append($"sleeper {tid}: done after {rounds * (3 + 2 * i)}");
            Assert.Equal(expected, mine);
        }
    }

    [Fact]
    public void Sleeper_shorter_sleeps_finish_first()
    {
        var lines = Lines(Run("sleeper").Console);
        // Thread 2 sleeps 3 ticks per round and thread 4 sleeps 7: 12 ticks in all against 28.
        Assert.True(Array.IndexOf(lines, "sleeper 2: done after 12") < Array.IndexOf(lines, "sleeper 4: done after 28"));
    }

    [Theory]
    [InlineData("ckpt")]
    [InlineData("prodcons")]
    [InlineData("sieve")]
    [InlineData("sleeper")]
    public void Every_sample_ends_within_a_few_hundred_thousand_instructions(string name)
    {
        var kernel = Run(name);
        Assert.Equal(0, kernel.ExitCode);
        Assert.InRange(kernel.Instructions, 1, 500_000);
    }

    [Theory]
    [InlineData("prodcons")]
    [InlineData("sleeper")]
    public void Multithreaded_samples_are_deterministic_for_a_given_schedule(string name)
    {
        Assert.Equal(Run(name, 0, 11).Console, Run(name, 0, 11).Console);
    }

    internal static string ExpectedCkpt(int count)
    {
        var text = new StringBuilder();
        for (int i = 0; i < count; i++)
            text.Append($"ckpt: {i}\n");
        text.Append($"ckpt: done {ExpectedChecksum(count)}\n");
        return text.ToString();
    }

    private static ulong ExpectedChecksum(int count)
    {
        const ulong a = 6364136223846793005, c = 1442695040888963407;
        ulong checksum = 0;
        for (int i = 0; i < count; i++)
        {
            ulong x = (ulong)i;
            for (int step = 0; step < 100; step++)
                x = unchecked(x * a + c);
            checksum = unchecked(checksum * 31 + x);
        }
        return checksum;
    }

    internal static string ExpectedSieve(int limit)
    {
        var composite = new bool[limit + 1];
        var text = new StringBuilder($"sieve: limit {limit}\n");
        for (int p = 2; p * p <= limit; p++)
        {
            if (composite[p])
                continue;
            for (int m = p * p; m <= limit; m += p)
                composite[m] = true;
            text.Append($"sieve: crossed out multiples of {p}\n");
        }
        var primes = Enumerable.Range(2, Math.Max(0, limit - 1)).Where(n => !composite[n]).ToArray();
        text.Append($"sieve: {primes.Length} primes up to {limit}, last {(primes.Length == 0 ? 0 : primes[^1])}\n");
        return text.ToString();
    }

    private static string[] Lines(string console)
    {
        Assert.EndsWith("\n", console);
        return console[..^1].Split('\n');
    }

    [GeneratedRegex(@"^consumer (\d+): (\d+)$")]
    private static partial Regex ConsumedLine();
}
