using System;
using BenchmarkDotNet.Attributes;
using EngramDb.Threading;

namespace Engram.Runtime.Benchmarks;

/// <summary>The owner-thread check every Database member makes, against the thread-id read it is built on. Target: within 1 ns.</summary>
public class ThreadCheckBenchmarks
{
    private ThreadAffinity _affinity = null!;

    // BenchmarkDotNet runs the setup and the workload on the same thread, which therefore owns the handle.
    [GlobalSetup]
    public void CreateAffinity() => _affinity = new ThreadAffinity(typeof(ThreadCheckBenchmarks));

    [Benchmark(Baseline = true)]
    public int RawManagedThreadIdRead() => Environment.CurrentManagedThreadId;

    [Benchmark]
    public void VerifyAccess() => _affinity.VerifyAccess();

    [Benchmark]
    public bool CheckAccess() => _affinity.CheckAccess();
}
