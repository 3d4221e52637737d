using KernelSim.Memory;

namespace KernelSim.Tests.Memory;

public sealed class PageTableTests
{
    [Fact]
    public void Pages_of_a_many_gigabyte_range_exist_once_written_and_come_back_in_ascending_order()
    {
        var table = new PageTable();
        ulong[] written = [(16UL << 30) / 4096 + 3, 0, 63, 64, (32UL << 30) / 4096 - 1, 5];
        foreach (var index in written)
        {
            table.GetOrAdd(index)[0] = (byte)(index % 251 + 1);
        }

        Assert.Equal(written.Length, table.Count);
        var pages = table.Pages().ToArray();
        Assert.Equal(written.Order(), pages.Select(page => page.PageIndex));
        Assert.All(pages, page => Assert.Equal((byte)(page.PageIndex % 251 + 1), page.Bytes.Span[0]));
        Assert.Null(table.Find(1));
        Assert.Null(table.Find(written[0] + 1));
        Assert.Same(table.GetOrAdd(63), table.Find(63));
        Assert.Equal(written.Length, table.Count);
    }

    [Fact]
    public void RemoveFrom_drops_exactly_the_pages_at_and_above_the_cut()
    {
        var table = new PageTable();
        foreach (var index in new ulong[] { 1, 62, 63, 64, 65, 200, 1000 })
        {
            table.GetOrAdd(index);
        }

        table.RemoveFrom(63);
        Assert.Equal(new ulong[] { 1, 62 }, table.Pages().Select(page => page.PageIndex));
        Assert.Equal(2, table.Count);
        Assert.Null(table.Find(63));
        table.GetOrAdd(64);
        Assert.Equal(new ulong[] { 1, 62, 64 }, table.Pages().Select(page => page.PageIndex));
        table.RemoveFrom(0);
        Assert.Empty(table.Pages());
        Assert.Equal(0, table.Count);
    }
}
