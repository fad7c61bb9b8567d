using System;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using EngramDb;

namespace Engram.Runtime.Benchmarks;

/// <summary>
/// Building the index of a store of 100,000 nodes of 256 floats: each call opens the store when no handle on it is
/// open (so its index is new) and runs the first search. Target: at most 3 s.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5, id: "IndexBuild")]
public class IndexBuildBenchmarks
{
    private string _path = null!;

    [GlobalSetup]
    public void PrepareStore() => _path = ScaleStore.Get().Path;

    [Benchmark]
    public int BuildIndexByFirstSearch()
    {
        using var db = Database.FileBased(_path);
        return db.SearchSimilar(ScaleStore.Query, ScaleStore.Limit, 0f).Count;
    }
}
