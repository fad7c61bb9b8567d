using System;
using System.Collections.Generic;
using System.Linq;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using EngramDb;

namespace Engram.Runtime.Benchmarks;

/// <summary>
/// What <c>SearchSimilar</c> and <c>GetChatHistory</c> did before the index, at 100,000 nodes of 256 floats: read and
/// parse every node file on every call (through the public API, as the old implementation did inside). Seconds per
/// call, so one warm-up and three measured calls.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3, id: "FullScan")]
public class FullScanBenchmarks
{
    private Database _db = null!;

    [GlobalSetup]
    public void Open() => _db = Database.FileBased(ScaleStore.Get().Path);

    [GlobalCleanup]
    public void Close() => _db.Dispose();

    [Benchmark]
    public List<(Guid Id, float Similarity)> FullScanSearchSimilar()
    {
        var query = ScaleStore.Query;
        var queryNorm = Math.Sqrt(query.Sum(x => (double)x * x));
        return _db.ListAll()
            .Select(_db.Load)
            .Select(node => (node.Id, Similarity: Cosine(query, queryNorm, node.Embeddings)))
            .OrderByDescending(hit => hit.Similarity)
            .ThenBy(hit => hit.Id)
            .Take(ScaleStore.Limit)
            .ToList();
    }

    [Benchmark]
    public List<Guid> FullScanGetChatHistory() =>
        _db.ListAll()
            .Select(_db.Load)
            .Where(node => node.GetAttribute("memory_type") as string == "message" && node.GetAttribute("chat_id") as string == ScaleStore.ChatId)
            .OrderByDescending(node => DateTimeOffset.Parse((string)node.GetAttribute("timestamp")!, System.Globalization.CultureInfo.InvariantCulture))
            .ThenByDescending(node => node.CreationTimestamp)
            .Take(ScaleStore.Limit)
            .Select(node => node.Id)
            .ToList();

    private static float Cosine(float[] query, double queryNorm, IReadOnlyList<float> vector)
    {
        double dot = 0, norm = 0;
        for (var i = 0; i < query.Length; i++)
        {
            dot += (double)query[i] * vector[i];
            norm += (double)vector[i] * vector[i];
        }

        return (float)(dot / (queryNorm * Math.Sqrt(norm)));
    }
}
