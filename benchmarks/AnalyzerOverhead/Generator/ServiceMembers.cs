using System;
using System.Collections.Generic;

namespace Engram.Benchmarks.AnalyzerOverhead.Generator;

/// <summary>
/// Members of an ordinary async service: the state every generated class shares (static cache and counter, a gate,
/// a pending list, all used by <c>ProcessAsync</c>) and a pool of methods of the kinds real services have (awaits with
/// ConfigureAwait, Task.Run, Parallel, PLINQ, LINQ, timers, the thread pool, events, loops, try/finally).
/// </summary>
internal static class ServiceMembers
{
    public static IReadOnlyList<Func<FileContext, string>> Pool { get; } = new Func<FileContext, string>[]
    {
        TotalsOnWorker, ApplyRatesInParallel, CountByTag, Describe, FanOut, SaveWithRetry, NormalizeName,
        RefreshAll, SumInBatches, ScheduleCleanup, FlushTimer, Classify, Validate, Watch, ParallelTotal, CountLater,
        ExportUnderMutex, ReadRatesThenRefresh,
    };

    public static string SharedState(FileContext c) => $$"""
            private static readonly ConcurrentDictionary<int, {{c.Record}}> s_cache = new();
            private static long s_processedTotal;
            private readonly SemaphoreSlim _gate = new(1, 1);
            private readonly List<{{c.Record}}> _pending = new();

            public static long ProcessedTotal => Interlocked.Read(ref s_processedTotal);

            public async Task<int> ProcessAsync(IReadOnlyList<{{c.Record}}> items, CancellationToken cancellationToken)
            {
                await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    var accepted = 0;
                    foreach (var item in items)
                    {
                        if (item.Amount <= 0m || string.IsNullOrWhiteSpace(item.Name))
                        {
                            continue;
                        }

                        s_cache[item.Id] = item;
                        _pending.Add(item);
                        accepted++;
                        if (accepted % {{c.Salt}} == 0)
                        {
                            await Task.Yield();
                        }
                    }

                    Interlocked.Add(ref s_processedTotal, accepted);
                    return accepted;
                }
                finally
                {
                    _gate.Release();
                }
            }
        """;

    public static string Forward(FileContext c, string upstreamInterface) => $$"""
            private readonly {{upstreamInterface}} _upstream;

            public {{c.Service}}({{upstreamInterface}} upstream)
            {
                _upstream = upstream ?? throw new ArgumentNullException(nameof(upstream));
            }

            public async Task<int> ForwardAsync(IReadOnlyList<{{c.Record}}> items, CancellationToken cancellationToken)
            {
                var local = await ProcessAsync(items, cancellationToken).ConfigureAwait(false);
                var forwarded = await _upstream.ProcessAsync(Array.Empty<{{c.UpstreamRecord}}>(), cancellationToken).ConfigureAwait(false);
                return local + forwarded;
            }
        """;

    private static string TotalsOnWorker(FileContext c) => $$"""
            public Task<decimal[]> ComputeTotalsAsync(IReadOnlyList<{{c.Record}}> items, CancellationToken cancellationToken) =>
                Task.Run(
                    () => items
                        .GroupBy(item => item.Name, StringComparer.Ordinal)
                        .Select(group => group.Sum(item => item.Amount))
                        .OrderByDescending(total => total)
                        .ToArray(),
                    cancellationToken);
        """;

    private static string ApplyRatesInParallel(FileContext c) => $$"""
            public static decimal[] ApplyRates(IReadOnlyList<{{c.Record}}> items, decimal rate)
            {
                var results = new decimal[items.Count];
                Parallel.For(0, items.Count, index =>
                {
                    var item = items[index];
                    results[index] = item.Tags.Count > {{c.Salt % 5}} ? item.Amount * rate : item.Amount;
                });
                return results;
            }
        """;

    private static string CountByTag(FileContext c) => $$"""
            public static IReadOnlyDictionary<string, int> CountByTag(IEnumerable<{{c.Record}}> items)
            {
                var query =
                    from item in items
                    where item.Amount > {{c.Salt}}m
                    from tag in item.Tags
                    group item by tag into byTag
                    orderby byTag.Key
                    select new { Tag = byTag.Key, Count = byTag.Count() };
                return query.ToDictionary(entry => entry.Tag, entry => entry.Count, StringComparer.Ordinal);
            }
        """;

    private static string Describe(FileContext c) => $$"""
            public async Task<string> DescribeAsync(int id, CancellationToken cancellationToken)
            {
                var item = await FindAsync(id, cancellationToken).ConfigureAwait(false);
                if (item is null)
                {
                    return string.Create(CultureInfo.InvariantCulture, $"{id}: missing");
                }

                return string.Format(CultureInfo.InvariantCulture, "{0} ({1}): {2:N2}", item.Name, item.Id, item.Amount);
            }

            private static async Task<{{c.Record}}?> FindAsync(int id, CancellationToken cancellationToken)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(1), cancellationToken).ConfigureAwait(false);
                return s_cache.TryGetValue(id, out var item) ? item : null;
            }
        """;

    private static string FanOut(FileContext c) => $$"""
            public static async Task<int> FanOutAsync(IEnumerable<int> ids, CancellationToken cancellationToken)
            {
                var work = ids
                    .Select(id => Task.Run(
                        async () =>
                        {
                            await Task.Delay({{c.Salt % 7 + 1}}, cancellationToken).ConfigureAwait(false);
                            return id * {{c.Salt}};
                        },
                        cancellationToken))
                    .ToList();
                var results = await Task.WhenAll(work).ConfigureAwait(false);
                return results.Sum();
            }
        """;

    private static string SaveWithRetry(FileContext c) => $$"""
            private static long s_retryTicks;

            public static async Task<bool> SaveWithRetryAsync({{c.Record}} item, Func<{{c.Record}}, CancellationToken, Task> save, CancellationToken cancellationToken)
            {
                for (var attempt = 1; attempt <= 3; attempt++)
                {
                    var started = Stopwatch.GetTimestamp();
                    try
                    {
                        await save(item, cancellationToken).ConfigureAwait(false);
                        return true;
                    }
                    catch (IOException) when (attempt < 3)
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds({{c.Salt}} * attempt), cancellationToken).ConfigureAwait(false);
                    }
                    finally
                    {
                        Interlocked.Add(ref s_retryTicks, Stopwatch.GetTimestamp() - started);
                    }
                }

                return false;
            }
        """;

    private static string NormalizeName(FileContext c) => $$"""
            private static readonly ConcurrentDictionary<string, Lazy<string>> s_normalizedNames = new(StringComparer.Ordinal);

            public static string NormalizeName(string name) =>
                s_normalizedNames.GetOrAdd(name, key => new Lazy<string>(() => key.Trim().ToUpperInvariant())).Value;
        """;

    private static string RefreshAll(FileContext c) => $$"""
            public static async Task<int> RefreshAllAsync(IEnumerable<{{c.Record}}> items, CancellationToken cancellationToken)
            {
                var refreshed = 0;
                var options = new ParallelOptions { MaxDegreeOfParallelism = {{c.Salt % 4 + 2}}, CancellationToken = cancellationToken };
                await Parallel.ForEachAsync(items, options, async (item, token) =>
                {
                    await Task.Delay(1, token).ConfigureAwait(false);
                    s_cache[item.Id] = item with { CreatedAt = DateTimeOffset.UtcNow };
                    Interlocked.Increment(ref refreshed);
                }).ConfigureAwait(false);
                return refreshed;
            }
        """;

    private static string SumInBatches(FileContext c) => $$"""
            public static async Task<IReadOnlyList<decimal>> SumInBatchesAsync(IReadOnlyList<{{c.Record}}> items, int batchSize, CancellationToken cancellationToken)
            {
                if (batchSize <= 0)
                {
                    throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "The batch size must be positive.");
                }

                var sums = new List<decimal>();
                for (var start = 0; start < items.Count; start += batchSize)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var sum = 0m;
                    var end = Math.Min(start + batchSize, items.Count);
                    for (var i = start; i < end; i++)
                    {
                        sum += items[i].Amount;
                    }

                    sums.Add(sum);
                    await Task.Yield();
                }

                return sums;
            }
        """;

    private static string ScheduleCleanup(FileContext c) => $$"""
            public static void ScheduleCleanup(IReadOnlyCollection<int> ids)
            {
                ThreadPool.QueueUserWorkItem(state =>
                {
                    foreach (var id in ids)
                    {
                        s_cache.TryRemove(id, out _);
                    }
                });
            }
        """;

    private static string FlushTimer(FileContext c) => $$"""
            public Timer StartFlushTimer(TimeSpan period) => new(_ => FlushPending(), null, period, period);

            private void FlushPending()
            {
                lock (_pending)
                {
                    _pending.RemoveAll(item => item.Amount <= {{c.Salt}}m);
                }
            }
        """;

    private static string Classify(FileContext c) => $$"""
            public static string Classify({{c.Record}} item) => item switch
            {
                { Amount: < 0m } => "refund",
                { Amount: 0m } => "empty",
                { Tags.Count: > {{c.Salt % 4 + 1}} } => "tagged",
                { Name.Length: > 20 } => "long-name",
                _ when item.CreatedAt < DateTimeOffset.UtcNow.AddDays(-{{c.Salt}}) => "stale",
                _ => "regular",
            };
        """;

    private static string Validate(FileContext c) => $$"""
            public static IReadOnlyList<string> Validate(IEnumerable<{{c.Record}}> items)
            {
                var problems = new List<string>();
                var seen = new HashSet<int>();
                foreach (var item in items)
                {
                    if (!seen.Add(item.Id))
                    {
                        problems.Add(string.Create(CultureInfo.InvariantCulture, $"duplicate id {item.Id}"));
                    }

                    if (item.Name.Length == 0)
                    {
                        problems.Add(string.Create(CultureInfo.InvariantCulture, $"item {item.Id} has no name"));
                    }

                    while (problems.Count > {{c.Salt * 10}})
                    {
                        problems.RemoveAt(problems.Count - 1);
                    }
                }

                return problems;
            }
        """;

    private static string Watch(FileContext c) => $$"""
            public event EventHandler<{{c.Record}}>? Arrived;

            public void Watch(ObservableCollection<{{c.Record}}> items)
            {
                items.CollectionChanged += (_, args) =>
                {
                    if (args.NewItems is null)
                    {
                        return;
                    }

                    foreach ({{c.Record}} item in args.NewItems)
                    {
                        Arrived?.Invoke(this, item);
                    }
                };
            }
        """;

    private static string ParallelTotal(FileContext c) => $$"""
            public static decimal ParallelTotal(IEnumerable<{{c.Record}}> items) =>
                items.AsParallel().Where(item => item.Amount > {{c.Salt}}m).Sum(item => item.Amount);
        """;

    private static string CountLater(FileContext c) => $$"""
            public static Task<int> CountLaterAsync(Task<IReadOnlyList<{{c.Record}}>> pending) =>
                pending.ContinueWith(task => task.Result.Count(item => item.Amount > 0m), TaskScheduler.Default);
        """;

    private static string ExportUnderMutex(FileContext c) => $$"""
            private static readonly Mutex s_exportLock = new(false, "Global\\contoso-export-{{c.Salt}}");

            public static async Task ExportAsync(IReadOnlyList<{{c.Record}}> items, string path, CancellationToken cancellationToken)
            {
                var lines = await Task.Run(() => items.Select(item => item.Name).ToArray(), cancellationToken).ConfigureAwait(false);
                s_exportLock.WaitOne();
                try
                {
                    File.WriteAllLines(path, lines);
                }
                finally
                {
                    s_exportLock.ReleaseMutex();
                }

                await Task.Delay({{c.Salt % 5 + 1}}, cancellationToken).ConfigureAwait(false);
            }
        """;

    private static string ReadRatesThenRefresh(FileContext c) => $$"""
            private readonly ReaderWriterLockSlim _ratesLock = new();
            private readonly Dictionary<string, decimal> _rates = new(StringComparer.Ordinal);

            public async Task<decimal> RateAsync(string currency, Func<string, Task<decimal>> fetch)
            {
                _ratesLock.EnterReadLock();
                try
                {
                    if (_rates.TryGetValue(currency, out var known))
                    {
                        return known;
                    }
                }
                finally
                {
                    _ratesLock.ExitReadLock();
                }

                var fetched = await fetch(currency).ConfigureAwait(false);
                if (_ratesLock.TryEnterWriteLock({{c.Salt}}))
                {
                    try
                    {
                        _rates[currency] = fetched;
                    }
                    finally
                    {
                        _ratesLock.ExitWriteLock();
                    }
                }

                return fetched;
            }
        """;
}
