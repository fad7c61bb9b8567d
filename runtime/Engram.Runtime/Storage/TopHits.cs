using System;
using System.Collections.Generic;

namespace EngramDb.Storage;

/// <summary>
/// The best <c>limit</c> search hits seen so far, in a min-heap whose root is the worst kept hit; order is similarity
/// descending, then id ascending, so results do not depend on where a node's row happens to be.
/// </summary>
internal sealed class TopHits
{
    private readonly (Guid Id, float Similarity)[] _heap;
    private int _count;

    public TopHits(int limit)
    {
        _heap = new (Guid, float)[limit];
    }

    public void Offer(Guid id, float similarity)
    {
        var hit = (id, similarity);
        if (_count < _heap.Length)
        {
            _heap[_count] = hit;
            SiftUp(_count++);
        }
        else if (_heap.Length > 0 && Better(hit, _heap[0]))
        {
            _heap[0] = hit;
            SiftDown(0);
        }
    }

    /// <summary>The kept hits, best first.</summary>
    public List<(Guid Id, float Similarity)> ToList()
    {
        var hits = new List<(Guid Id, float Similarity)>(_count);
        for (var i = 0; i < _count; i++)
        {
            hits.Add(_heap[i]);
        }

        hits.Sort((a, b) => Better(a, b) ? -1 : Better(b, a) ? 1 : 0);
        return hits;
    }

    private static bool Better((Guid Id, float Similarity) a, (Guid Id, float Similarity) b) =>
        a.Similarity > b.Similarity || (a.Similarity == b.Similarity && a.Id.CompareTo(b.Id) < 0);

    private void SiftUp(int i)
    {
        while (i > 0)
        {
            var parent = (i - 1) / 2;
            if (!Better(_heap[parent], _heap[i]))
            {
                return;
            }

            (_heap[parent], _heap[i]) = (_heap[i], _heap[parent]);
            i = parent;
        }
    }

    private void SiftDown(int i)
    {
        while (true)
        {
            var worst = i;
            var left = 2 * i + 1;
            var right = left + 1;
            if (left < _count && Better(_heap[worst], _heap[left]))
            {
                worst = left;
            }

            if (right < _count && Better(_heap[worst], _heap[right]))
            {
                worst = right;
            }

            if (worst == i)
            {
                return;
            }

            (_heap[worst], _heap[i]) = (_heap[i], _heap[worst]);
            i = worst;
        }
    }
}
