using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;

namespace Engram.Runtime.Tests.TestSupport;

public static class Concurrent
{
    /// <summary>Starts <paramref name="count"/> threads together, each running <paramref name="body"/> with its index, and rethrows their failures.</summary>
    public static void RunTogether(int count, Action<int> body)
    {
        using var start = new Barrier(count);
        var failures = new ConcurrentQueue<Exception>();
        var threads = Enumerable.Range(0, count).Select(index => new Thread(() =>
        {
            try
            {
                start.SignalAndWait();
                body(index);
            }
            catch (Exception ex)
            {
                failures.Enqueue(ex);
            }
        })).ToList();

        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        if (!failures.IsEmpty)
        {
            throw new AggregateException(failures);
        }
    }
}
