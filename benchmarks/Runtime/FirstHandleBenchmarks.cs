using System;
using System.Threading;
using BenchmarkDotNet.Attributes;
using EngramDb;

namespace Engram.Runtime.Benchmarks;

/// <summary>
/// The first <c>ctx.Db</c> on a new thread, for stores of 10 to 100,000 nodes. Every invocation starts a thread,
/// reads <c>ctx.Db</c> there once and joins it; <see cref="NewThreadOnly"/> does the same without the read, so the
/// difference is the cost of the first handle. Target: flat in the number of nodes (EngramDB's Python workaround
/// rescans the whole store for every new connection). Allocations (MemoryDiagnoser, all threads) give memory per handle.
/// </summary>
[MemoryDiagnoser]
public class FirstHandleBenchmarks
{
    private FixtureStore _fixture = null!;
    private ThreadSafeAgentContext _context = null!;

    [Params(10, 10_000, 100_000)]
    public int StoreNodes { get; set; }

    [GlobalSetup]
    public void PrepareStore()
    {
        _fixture = FixtureStores.Get(StoreNodes);
        _context = EngramThreadSafe.GetThreadSafeContext(_fixture.Path, "benchmark");
    }

    [Benchmark(Baseline = true)]
    public void NewThreadOnly() => RunOnNewThread(() => { });

    [Benchmark]
    public void FirstDbOnNewThread() => RunOnNewThread(() => GC.KeepAlive(_context.Db));

    /// <summary>The first handle and its first read of a node: a handle that deferred a scan to its first use would show here.</summary>
    [Benchmark]
    public void FirstDbAndLoadOnNewThread() => RunOnNewThread(() => GC.KeepAlive(_context.Db.Load(_fixture.KnownId)));

    /// <summary>Opening a handle when no other handle on the path is open in the process (the very first one).</summary>
    [Benchmark]
    public string? OpenStoreCold()
    {
        using var db = Database.FileBased(_fixture.Path);
        return db.Path;
    }

    private static void RunOnNewThread(ThreadStart body)
    {
        var thread = new Thread(body);
        thread.Start();
        thread.Join();
    }
}
