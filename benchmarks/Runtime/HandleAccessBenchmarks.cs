using System;
using System.Threading;
using BenchmarkDotNet.Attributes;
using EngramDb;

namespace Engram.Runtime.Benchmarks;

/// <summary>
/// Reading the calling thread's handle once it exists: <c>ctx.Db</c> against the two hand-written ways of keeping a
/// value per thread. Target: a warm <c>ctx.Db</c> within 2x of a <c>[ThreadStatic]</c> field read.
/// </summary>
public class HandleAccessBenchmarks
{
    [ThreadStatic]
    private static Database? t_database;

    private TemporaryDirectory _store = null!;
    private ThreadSafeAgentContext _context = null!;
    private ThreadLocal<Database> _threadLocal = null!;

    [GlobalSetup]
    public void OpenHandles()
    {
        _store = new TemporaryDirectory("handle-access");
        _context = EngramThreadSafe.GetThreadSafeContext(_store.Path, "benchmark");
        t_database = _context.Db;
        _threadLocal = new ThreadLocal<Database>(() => _context.Db);
        GC.KeepAlive(_threadLocal.Value);
    }

    [GlobalCleanup]
    public void DeleteStore()
    {
        _threadLocal.Dispose();
        _store.Dispose();
    }

    [Benchmark(Baseline = true)]
    public Database? ThreadStaticFieldRead() => t_database;

    [Benchmark]
    public Database? ThreadLocalValue() => _threadLocal.Value;

    [Benchmark]
    public Database WarmContextDb() => _context.Db;
}
