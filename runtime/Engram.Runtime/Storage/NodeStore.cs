using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace EngramDb.Storage;

/// <summary>
/// A thread-safe EngramDB store behind <see cref="Database"/>: the operations are written once here on top of a few
/// storage primitives that the file-based and in-memory stores provide.
/// </summary>
/// <remarks>
/// There is no cache and no index: every read goes to the storage, so a write through any handle (or, for files,
/// any process) is seen by the next read. Every write of a node happens under that node's lock, and
/// read-modify-write operations (<see cref="Connect"/>, <see cref="Disconnect"/>) hold it from read to write.
/// </remarks>
internal abstract class NodeStore
{
    /// <summary>The full path of a file-based store; null in memory.</summary>
    public abstract string? Path { get; }

    /// <summary>Lists the ids of the stored nodes, in id order.</summary>
    public abstract IReadOnlyList<Guid> ListAll();

    /// <summary>Called once by each <see cref="Database"/> that used this store when it is disposed.</summary>
    public abstract void Release();

    /// <summary>The stored bytes of a node, or null when there is no such node.</summary>
    protected abstract byte[]? ReadNode(Guid id);

    /// <summary>Replaces the stored node atomically: a reader sees the old bytes or the new ones, never a mix. Caller holds the node's lock.</summary>
    protected abstract void WriteNode(Guid id, byte[] utf8Json);

    /// <summary>Deletes a node; returns whether it existed. Caller holds the node's lock.</summary>
    protected abstract bool DeleteNode(Guid id);

    protected abstract bool Contains(Guid id);

    /// <summary>Takes the lock that every writer of the node holds (in this process and, for files, across processes).</summary>
    protected abstract IDisposable LockNode(Guid id);

    /// <summary>Where a node lives, for error messages.</summary>
    protected abstract string DescribeLocation(Guid id);

    public Guid Save(MemoryNode node)
    {
        if (node is null)
        {
            throw new ArgumentNullException(nameof(node));
        }

        var json = node.ToUtf8Json();
        using (LockNode(node.Id))
        {
            WriteNode(node.Id, json);
        }

        return node.Id;
    }

    public MemoryNode Load(Guid id) => TryLoad(id) ?? throw NotFound(id);

    public bool Delete(Guid id)
    {
        using (LockNode(id))
        {
            return DeleteNode(id);
        }
    }

    public void ClearAll()
    {
        foreach (var id in ListAll())
        {
            Delete(id);
        }
    }

    public IReadOnlyList<MemoryConnection> GetConnections(Guid id) => Load(id).Connections;

    public void Connect(Guid source, Guid target, string relationshipType, float strength)
    {
        RequireRelationshipType(relationshipType);
        if (float.IsNaN(strength) || strength < 0f || strength > 1f)
        {
            throw new ArgumentOutOfRangeException(nameof(strength), strength, "A connection's strength must be between 0 and 1.");
        }

        using (LockNode(source))
        {
            var node = TryLoad(source) ?? throw NotFound(source, "source");
            if (!Contains(target))
            {
                throw NotFound(target, "target");
            }

            node.AddOrUpdateConnection(target, relationshipType, strength, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            WriteNode(source, node.ToUtf8Json());
        }
    }

    public bool Disconnect(Guid source, Guid target)
    {
        using (LockNode(source))
        {
            var node = TryLoad(source) ?? throw NotFound(source, "source");
            if (!node.RemoveConnectionsTo(target))
            {
                return false;
            }

            WriteNode(source, node.ToUtf8Json());
            return true;
        }
    }

    public IReadOnlyList<(Guid Id, float Similarity)> SearchSimilar(float[] query, int limit, float threshold) =>
        SearchSimilarNodes(query, limit, threshold).Select(hit => (hit.Node.Id, hit.Similarity)).ToList();

    /// <summary><see cref="SearchSimilar"/> with the nodes it read, so callers need not load them again.</summary>
    public IReadOnlyList<(MemoryNode Node, float Similarity)> SearchSimilarNodes(float[] query, int limit, float threshold)
    {
        RequireQuery(query);
        if (limit < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "The limit must not be negative.");
        }

        if (float.IsNaN(threshold))
        {
            throw new ArgumentException("The threshold must be a number.", nameof(threshold));
        }

        var queryNorm = Math.Sqrt(query.Sum(x => (double)x * x));
        var hits = new List<(MemoryNode Node, float Similarity)>();
        foreach (var node in LoadAll())
        {
            var similarity = CosineSimilarity(query, queryNorm, node.Embeddings);
            if (similarity >= threshold)
            {
                hits.Add((node, similarity.Value));
            }
        }

        return hits
            .OrderByDescending(hit => hit.Similarity)
            .ThenBy(hit => hit.Node.Id)
            .Take(limit)
            .ToList();
    }

    /// <summary>Every stored node. A node deleted while the store is read is simply no longer part of it.</summary>
    /// <exception cref="System.IO.InvalidDataException">A node file is corrupt; the message names it.</exception>
    public IEnumerable<MemoryNode> LoadAll()
    {
        foreach (var id in ListAll())
        {
            if (TryLoad(id) is { } node)
            {
                yield return node;
            }
        }
    }

    private MemoryNode? TryLoad(Guid id)
    {
        var json = ReadNode(id);
        if (json is null)
        {
            return null;
        }

        try
        {
            var node = MemoryNode.FromDocument(NodeJson.Parse(json));
            return node.Id == id
                ? node
                : throw new InvalidDataException($"It holds node {node.Id} instead.");
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"EngramDB node {id} ({DescribeLocation(id)}) is corrupt: {ex.Message}", ex);
        }
    }

    // Cosine similarity, or null when it is undefined: a vector of another dimension, or one without direction (empty or all zeros).
    private static float? CosineSimilarity(float[] query, double queryNorm, IReadOnlyList<float> vector)
    {
        if (vector.Count != query.Length || queryNorm == 0)
        {
            return null;
        }

        double dot = 0, norm = 0;
        for (var i = 0; i < query.Length; i++)
        {
            dot += (double)query[i] * vector[i];
            norm += (double)vector[i] * vector[i];
        }

        return norm == 0 ? null : (float)(dot / (queryNorm * Math.Sqrt(norm)));
    }

    private static void RequireQuery(float[] query)
    {
        if (query is null)
        {
            throw new ArgumentNullException(nameof(query));
        }

        if (query.Length == 0)
        {
            throw new ArgumentException("The query vector must have at least one dimension.", nameof(query));
        }

        var bad = Array.FindIndex(query, x => float.IsNaN(x) || float.IsInfinity(x));
        if (bad >= 0)
        {
            throw new ArgumentException($"Query element {bad} is {query[bad]}; only finite numbers can be compared.", nameof(query));
        }
    }

    private static void RequireRelationshipType(string relationshipType)
    {
        if (relationshipType is null)
        {
            throw new ArgumentNullException(nameof(relationshipType));
        }

        if (string.IsNullOrWhiteSpace(relationshipType))
        {
            throw new ArgumentException("The relationship type must not be empty.", nameof(relationshipType));
        }

        if (!relationshipType.IsWellFormedUtf16())
        {
            throw new ArgumentException(
                $"Relationship type '{relationshipType}' holds a lone UTF-16 surrogate, which UTF-8 (and so EngramDB) cannot store.", nameof(relationshipType));
        }
    }

    private KeyNotFoundException NotFound(Guid id, string? role = null) =>
        new($"No {(role is null ? string.Empty : role + " ")}node with id {id} in {DescribeStore()}.");

    private string DescribeStore() => Path is null ? "the in-memory store" : $"the store at '{Path}'";
}
