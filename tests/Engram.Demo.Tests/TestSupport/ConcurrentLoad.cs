using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Engram.Demo.Tests.TestSupport;

/// <summary>The same GET request sent many times, a fixed number in flight at once.</summary>
internal static class ConcurrentLoad
{
    private static readonly TimeSpan LoadTimeout = TimeSpan.FromSeconds(60);

    public static async Task<LoadResult> GetAsync(Uri baseAddress, string path, int total, int concurrency)
    {
        using var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        using var timeout = new CancellationTokenSource(LoadTimeout);
        var replies = new Reply[total];
        var inFlight = 0;
        var mostInFlight = 0;
        var stopwatch = Stopwatch.StartNew();

        await Parallel.ForEachAsync(
            Enumerable.Range(0, total),
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = timeout.Token },
            async (index, cancellation) =>
            {
                var now = Interlocked.Increment(ref inFlight);
                InterlockedMax(ref mostInFlight, now);
                using var response = await client.GetAsync(path, cancellation);
                replies[index] = new Reply((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellation));
                Interlocked.Decrement(ref inFlight);
            });

        return new LoadResult(replies, mostInFlight, stopwatch.Elapsed);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}

internal sealed record Reply(int Status, string Body);

internal sealed record LoadResult(IReadOnlyList<Reply> Replies, int MostInFlight, TimeSpan Duration)
{
    public override string ToString() =>
        $"{Replies.Count} requests, at most {MostInFlight} in flight, {Duration.TotalSeconds:F2} s, " +
        $"statuses: {string.Join(", ", Replies.GroupBy(r => r.Status).OrderBy(g => g.Key).Select(g => $"{g.Key} x{g.Count()}"))}";
}
