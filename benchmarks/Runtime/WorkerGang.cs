using System;
using System.Threading;

namespace Engram.Runtime.Benchmarks;

/// <summary>
/// A fixed set of threads that each run the same piece of work when asked. The threads live as long as the gang, so a
/// benchmark invocation measures the work, not thread start-up, and per-thread handles stay warm between invocations.
/// </summary>
internal sealed class WorkerGang : IDisposable
{
    private readonly Thread[] _threads;
    private readonly Barrier _barrier;
    private Action<int>? _work;
    private Exception? _failure;
    private volatile bool _stopping;

    public WorkerGang(int threadCount)
    {
        _barrier = new Barrier(threadCount + 1);
        _threads = new Thread[threadCount];
        for (var i = 0; i < threadCount; i++)
        {
            var worker = i;
            _threads[i] = new Thread(() => Serve(worker)) { IsBackground = true, Name = $"benchmark worker {worker}" };
            _threads[i].Start();
        }
    }

    /// <summary>Runs <paramref name="work"/> once on every worker (given its index) and returns when all have finished.</summary>
    /// <exception cref="InvalidOperationException">A worker threw; the inner exception is the first failure.</exception>
    public void Run(Action<int> work)
    {
        _work = work;
        _barrier.SignalAndWait();
        _barrier.SignalAndWait();
        if (Interlocked.Exchange(ref _failure, null) is { } failure)
        {
            throw new InvalidOperationException("A benchmark worker failed.", failure);
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _barrier.SignalAndWait();
        foreach (var thread in _threads)
        {
            thread.Join();
        }

        _barrier.Dispose();
    }

    private void Serve(int worker)
    {
        while (true)
        {
            _barrier.SignalAndWait();
            if (_stopping)
            {
                return;
            }

            try
            {
                _work!(worker);
            }
            catch (Exception ex)
            {
                Interlocked.CompareExchange(ref _failure, ex, null);
            }

            _barrier.SignalAndWait();
        }
    }
}
