using System;
using BenchmarkDotNet.Attributes;
using EngramDb.Threading;

namespace Engram.Runtime.Benchmarks;

/// <summary>
/// The owner-thread check every Database member makes, against a raw managed thread-id read and the check it replaced
/// (comparing managed ids, which .NET reuses). Target: within 1 ns of the raw read.
/// </summary>
public class ThreadCheckBenchmarks
{
    private ThreadAffinity _affinity = null!;
    private int _ownerId;

    // BenchmarkDotNet runs the setup and the workload on the same thread, which therefore owns the handle.
    [GlobalSetup]
    public void CreateAffinity()
    {
        _affinity = new ThreadAffinity(typeof(ThreadCheckBenchmarks));
        _ownerId = Environment.CurrentManagedThreadId;
    }

    [Benchmark(Baseline = true)]
    public int RawManagedThreadIdRead() => Environment.CurrentManagedThreadId;

    [Benchmark]
    public void VerifyAccess() => _affinity.VerifyAccess();

    [Benchmark]
    public bool CheckAccess() => _affinity.CheckAccess();

    /// <summary>The check before exact owner identity: one comparison of managed ids.</summary>
    [Benchmark]
    public bool ManagedIdComparison() => Environment.CurrentManagedThreadId == _ownerId;
}
