using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics.Tensors;

namespace EngramDb.Storage;

/// <summary>
/// Every indexed vector of one dimension in one contiguous array, one row per node, with each row's norm, so a search
/// is one pass of <see cref="TensorPrimitives.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/> over memory in order.
/// </summary>
/// <remarks>Rows of removed nodes are reused; a row whose norm is 0 is free.</remarks>
internal sealed class VectorBlock
{
    private const double Growth = 1.25;

    // Below this many rows per part, starting a second thread costs more than it saves.
    private const int RowsPerParallelPart = 16_384;

    private readonly Stack<int> _freeRows = new();
    private float[] _values;
    private double[] _norms;
    private Guid[] _ids;
    private int _rowsUsed;

    public VectorBlock(int dimension, int capacity)
    {
        Dimension = dimension;
        capacity = Math.Max(capacity, 1);
        _values = new float[checked(capacity * dimension)];
        _norms = new double[capacity];
        _ids = new Guid[capacity];
    }

    public int Dimension { get; }

    public int Count { get; private set; }

    /// <summary>Bytes held by the block's arrays (for the benchmarks' memory figures).</summary>
    public long AllocatedBytes => (long)_values.Length * sizeof(float) + (long)_norms.Length * sizeof(double) + (long)_ids.Length * 16;

    /// <summary>Adds a vector whose norm is not 0 and returns its row.</summary>
    public int Add(Guid id, ReadOnlySpan<float> vector, double norm)
    {
        var row = _freeRows.Count > 0 ? _freeRows.Pop() : NextRow();
        vector.Slice(0, Dimension).CopyTo(new Span<float>(_values, row * Dimension, Dimension));

        _norms[row] = norm;
        _ids[row] = id;
        Count++;
        return row;
    }

    /// <summary>Gives back the room of rows never used, when it is more than the block would grow by.</summary>
    public void TrimExcess()
    {
        var capacity = Math.Max(_rowsUsed, 1);
        if (_norms.Length <= capacity * Growth)
        {
            return;
        }

        Array.Resize(ref _values, checked(capacity * Dimension));
        Array.Resize(ref _norms, capacity);
        Array.Resize(ref _ids, capacity);
    }

    public void Remove(int row)
    {
        _norms[row] = 0;
        _ids[row] = Guid.Empty;
        _freeRows.Push(row);
        Count--;
    }

    /// <summary>
    /// The best <paramref name="limit"/> rows with a cosine similarity of at least <paramref name="threshold"/>. A large
    /// block is scanned in one part per processor, each with its own hits, merged at the end: a scan is bound by memory
    /// bandwidth, which one core alone does not use up.
    /// </summary>
    public List<(Guid Id, float Similarity)> Search(float[] query, double queryNorm, float threshold, int limit)
    {
        var parts = _rowsUsed >= RowsPerParallelPart * 2 ? Math.Min(Environment.ProcessorCount, _rowsUsed / RowsPerParallelPart) : 1;
        if (parts <= 1)
        {
            var hits = new TopHits(limit);
            Scan(query, queryNorm, threshold, 0, _rowsUsed, hits);
            return hits.ToList();
        }

        var partHits = new TopHits[parts];
        var rowsPerPart = (_rowsUsed + parts - 1) / parts;
        System.Threading.Tasks.Parallel.For(0, parts, part =>
        {
            partHits[part] = new TopHits(limit);
            Scan(query, queryNorm, threshold, part * rowsPerPart, Math.Min(_rowsUsed, (part + 1) * rowsPerPart), partHits[part]);
        });
        var merged = new TopHits(limit);
        foreach (var hit in partHits.SelectMany(h => h.ToList()))
        {
            merged.Offer(hit.Id, hit.Similarity);
        }

        return merged.ToList();
    }

    private void Scan(float[] query, double queryNorm, float threshold, int fromRow, int toRow, TopHits hits)
    {
        var values = _values;
        var norms = _norms;
        var ids = _ids;
        var querySpan = new ReadOnlySpan<float>(query);
        for (var row = fromRow; row < toRow; row++)
        {
            var norm = norms[row];
            if (norm == 0)
            {
                continue;
            }

            var dot = TensorPrimitives.Dot(new ReadOnlySpan<float>(values, row * Dimension, Dimension), querySpan);
            var similarity = (float)(dot / (queryNorm * norm));
            if (similarity >= threshold)
            {
                hits.Offer(ids[row], similarity);
            }
        }
    }

    private int NextRow()
    {
        if (_rowsUsed == _norms.Length)
        {
            var capacity = Math.Max(_norms.Length + 1, (int)(_norms.Length * Growth));
            Array.Resize(ref _values, checked(capacity * Dimension));
            Array.Resize(ref _norms, capacity);
            Array.Resize(ref _ids, capacity);
        }

        return _rowsUsed++;
    }
}
