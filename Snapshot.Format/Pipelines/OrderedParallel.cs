namespace Snapshot.Format.Pipelines;

/// <summary>
/// A bounded, order-preserving parallel map: the caller enumerates the results in input order while up to
/// <c>threads</c> workers compute the next ones. At most <c>window</c> items are in flight, so memory is bounded by
/// the window whatever the length of the input: this is the pipeline shape of compressing chunks while writing an
/// image, and of decompressing them while restoring or checking one. Output order never depends on scheduling,
/// which keeps writers byte-identical for any thread count.
/// </summary>
public static class OrderedParallel
{
    /// <summary>The number of workers "all cores" means here.</summary>
    public static int AllCores => Environment.ProcessorCount;

    /// <summary>
    /// Yields <paramref name="map"/>(item) for each item of <paramref name="source"/>, in order. With one thread
    /// (or a window of one) everything runs inline on the caller's thread. An exception of <paramref name="map"/>
    /// surfaces when its item's turn comes (so the first failing item in input order is the one reported); items
    /// still in flight when enumeration stops early are waited for, so no worker outlives the enumeration.
    /// </summary>
    /// <param name="source">The items, enumerated on the caller's thread.</param>
    /// <param name="map">The work per item, run on a worker; it owns the item.</param>
    /// <param name="threads">Workers, 1..; 0 means <see cref="AllCores"/>.</param>
    /// <param name="window">Items in flight at most; 0 means twice the workers.</param>
    public static IEnumerable<TResult> Map<TSource, TResult>(IEnumerable<TSource> source, Func<TSource, TResult> map,
                                                             int threads = 0, int window = 0)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(map);
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        ArgumentOutOfRangeException.ThrowIfNegative(window);
        int workers = threads == 0 ? AllCores : threads;
        int inFlight = window == 0 ? 2 * workers : window;
        return workers == 1 || inFlight == 1 ? Inline(source, map) : Pipelined(source, map, workers, inFlight);
    }

    private static IEnumerable<TResult> Inline<TSource, TResult>(IEnumerable<TSource> source, Func<TSource, TResult> map)
    {
        foreach (TSource item in source)
            yield return map(item);
    }

    private static IEnumerable<TResult> Pipelined<TSource, TResult>(IEnumerable<TSource> source, Func<TSource, TResult> map,
                                                                    int workers, int window)
    {
        var scheduler = new ConcurrentExclusiveSchedulerPair(TaskScheduler.Default, workers).ConcurrentScheduler;
        var factory = new TaskFactory(CancellationToken.None, TaskCreationOptions.DenyChildAttach,
                                      TaskContinuationOptions.None, scheduler);
        var pending = new Queue<Task<TResult>>(window);
        try
        {
            foreach (TSource item in source)
            {
                if (pending.Count == window)
                    yield return pending.Dequeue().GetAwaiter().GetResult();
                pending.Enqueue(factory.StartNew(() => map(item)));
            }
            while (pending.Count > 0)
                yield return pending.Dequeue().GetAwaiter().GetResult();
        }
        finally
        {
            // Early exit (the consumer stopped or an item failed): let the rest finish so that no worker still
            // touches buffers the caller is about to reuse or return. Their results and errors are dropped.
            foreach (Task<TResult> task in pending)
            {
                try
                {
                    task.Wait();
                }
                catch (AggregateException)
                {
                }
            }
        }
    }
}
