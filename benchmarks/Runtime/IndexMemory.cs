using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using EngramDb;
using EngramDb.Storage;

namespace Engram.Runtime.Benchmarks;

/// <summary>
/// Memory the index of the 100,000-node store keeps, measured in this process (BenchmarkDotNet reports allocations,
/// not what stays): the managed heap after a full collection, before and after the first search builds the index,
/// three times. Target: at most twice the raw embeddings plus metadata (id, creation time and message time per node).
/// </summary>
internal static class IndexMemory
{
    public const int Runs = 3;
    public const long MetadataBytesPerNode = 16 + 8 + 8;

    public static IndexMemoryResult Measure()
    {
        var path = ScaleStore.Get().Path;
        var retained = new List<long>();
        var vectorBytes = 0L;
        var buildSeconds = new List<double>();
        for (var run = 0; run < Runs; run++)
        {
            var before = GC.GetTotalMemory(forceFullCollection: true);
            using var db = Database.FileBased(path);
            var watch = Stopwatch.StartNew();
            db.SearchSimilar(ScaleStore.Query, ScaleStore.Limit, 0f);
            buildSeconds.Add(watch.Elapsed.TotalSeconds);
            retained.Add(GC.GetTotalMemory(forceFullCollection: true) - before);
            var store = FileNodeStore.Open(path);
            vectorBytes = store.Index.VectorBytes;
            store.Release();
            GC.KeepAlive(db);
        }

        var rawEmbeddings = (long)ScaleStore.Nodes * ScaleStore.Dimensions * sizeof(float);
        return new IndexMemoryResult(ScaleStore.Nodes, ScaleStore.Dimensions, rawEmbeddings, ScaleStore.Nodes * MetadataBytesPerNode,
            retained.OrderBy(b => b).ToList(), vectorBytes, buildSeconds);
    }
}

internal sealed record IndexMemoryResult(
    int Nodes,
    int Dimensions,
    long RawEmbeddingBytes,
    long MetadataBytes,
    IReadOnlyList<long> RetainedBytesSorted,
    long VectorArrayBytes,
    IReadOnlyList<double> InProcessBuildSeconds)
{
    public long TargetBytes => 2 * (RawEmbeddingBytes + MetadataBytes);

    public long MedianRetainedBytes => RetainedBytesSorted[RetainedBytesSorted.Count / 2];
}
