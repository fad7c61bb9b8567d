using System;
using System.Collections.Generic;
using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using EngramDb;
using EngramDb.Storage;

namespace Engram.Runtime.Benchmarks;

/// <summary>
/// Warm calls at 100,000 nodes of 256 floats: <c>SearchSimilar(limit 10)</c> and <c>GetChatHistory(10)</c> on the
/// store's index, against the floor: a raw <see cref="TensorPrimitives"/> scan of one array holding the same vectors,
/// keeping the best 10. Targets: search at most 20 ms, chat history at most 5 ms.
/// </summary>
public class IndexedStoreBenchmarks
{
    private ThreadSafeAgentContext _context = null!;
    private float[] _vectors = null!;
    private float[] _norms = null!;
    private Guid[] _ids = null!;

    [GlobalSetup]
    public void BuildIndex()
    {
        _context = EngramThreadSafe.GetThreadSafeContext(ScaleStore.Get().Path, ScaleStore.ChatId);
        _context.Db.SearchSimilar(ScaleStore.Query, ScaleStore.Limit, 0f);
        _vectors = ScaleStore.RawVectors();
        _ids = new Guid[ScaleStore.Nodes];
        _norms = new float[ScaleStore.Nodes];
        for (var row = 0; row < ScaleStore.Nodes; row++)
        {
            _ids[row] = Guid.NewGuid();
            _norms[row] = TensorPrimitives.Norm(new ReadOnlySpan<float>(_vectors, row * ScaleStore.Dimensions, ScaleStore.Dimensions));
        }
    }

    [Benchmark]
    public IReadOnlyList<(Guid Id, float Similarity)> WarmSearchSimilar() => _context.Db.SearchSimilar(ScaleStore.Query, ScaleStore.Limit, 0f);

    [Benchmark]
    public IReadOnlyList<ChatMessage> WarmGetChatHistory() => _context.GetChatHistory(ScaleStore.Limit);

    /// <summary>The floor: cosine similarity of every row of one contiguous array, best 10 kept, nothing else.</summary>
    [Benchmark(Baseline = true)]
    public List<(Guid Id, float Similarity)> RawTensorPrimitivesScan()
    {
        var query = new ReadOnlySpan<float>(ScaleStore.Query);
        var queryNorm = TensorPrimitives.Norm(query);
        var hits = new TopHits(ScaleStore.Limit);
        for (var row = 0; row < ScaleStore.Nodes; row++)
        {
            var dot = TensorPrimitives.Dot(new ReadOnlySpan<float>(_vectors, row * ScaleStore.Dimensions, ScaleStore.Dimensions), query);
            hits.Offer(_ids[row], dot / (queryNorm * _norms[row]));
        }

        return hits.ToList();
    }
}
