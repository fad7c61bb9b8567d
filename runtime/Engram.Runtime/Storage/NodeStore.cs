using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;

namespace EngramDb.Storage;

/// <summary>
/// A thread-safe EngramDB store behind <see cref="Database"/>: the operations are written once here on top of a few
/// storage primitives that the file-based and in-memory stores provide.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Load"/> and <see cref="ListAll"/> go to the storage every time. Similarity search and chat history use
/// the store's <see cref="StoreIndex"/>, built at their first call and brought up to date at each.
/// </para>
/// <para>
/// Every write of a node happens under that node's lock, and read-modify-write operations (<see cref="Save"/>'s merge,
/// <see cref="Connect"/>, <see cref="Disconnect"/>, <see cref="Update"/>) hold it from read to write.
/// </para>
/// </remarks>
internal abstract class NodeStore
{
    private StoreIndex? _index;

    /// <summary>The full path of a file-based store; null in memory.</summary>
    public abstract string? Path { get; }

    /// <summary>
    /// Which store a node was loaded from: its full path, shared by every handle on the directory, or this in-memory
    /// store itself. A copy loaded from one store and saved into another has no stored version there to merge with.
    /// </summary>
    public object StoreKey => Path ?? (object)this;

    /// <summary>Lists the ids of the stored nodes, in id order.</summary>
    public abstract IReadOnlyList<Guid> ListAll();

    /// <summary>Called once by each <see cref="Database"/> that used this store when it is disposed.</summary>
    public abstract void Release();

    /// <summary>The ids of the stored nodes whose id starts with <paramref name="prefix"/> (two hex digits).</summary>
    public abstract IReadOnlyList<Guid> ListFolder(string prefix);

    /// <summary>The stored node's version without reading it; null when there is no such node.</summary>
    public abstract FileVersion? VersionOf(Guid id);

    /// <summary>Where a node lives, for error messages.</summary>
    public abstract string DescribeLocation(Guid id);

    /// <summary>Starts reporting other writers' changes into <paramref name="changes"/>; null when they cannot be watched, so every call must rescan.</summary>
    public abstract IStoreWatch? WatchForChanges(StoreChanges changes);

    /// <summary>Throws <see cref="StoreDirectoryNotFoundException"/> when the store's directory is gone.</summary>
    public virtual void RequireAvailable(string operation)
    {
    }

    /// <summary>Removes what crashed writers left behind; safe while other writers run.</summary>
    public virtual int ReclaimTemporaryFiles() => 0;

    /// <summary>Tells the user about a node that search or chat history left out.</summary>
    public virtual void Report(UnreadableNode node) => Trace.TraceWarning("EngramDB: " + node.Error.Message);

    /// <summary>The stored bytes of a node and their version, or null when there is no such node.</summary>
    protected abstract (byte[] Json, FileVersion Version)? ReadNode(Guid id);

    /// <summary>Replaces the stored node atomically: a reader sees the old bytes or the new ones, never a mix. Caller holds the node's lock.</summary>
    protected abstract void WriteNode(Guid id, byte[] utf8Json);

    /// <summary>Deletes a node; returns whether it existed. Caller holds the node's lock.</summary>
    protected abstract bool DeleteNode(Guid id);

    protected abstract bool Contains(Guid id);

    /// <summary>Takes the lock that every writer of the node holds (in this process and, for files, across processes).</summary>
    protected abstract IDisposable LockNode(Guid id);

    /// <summary>
    /// Stores <paramref name="node"/>. When the stored node changed since the copy was loaded, the changes are merged
    /// (<see cref="NodeMerge"/>); the node then holds what was stored.
    /// </summary>
    /// <exception cref="NodeConflictException">Both changed the same part, or the stored node was deleted meanwhile.</exception>
    public Guid Save(MemoryNode node)
    {
        if (node is null)
        {
            throw new ArgumentNullException(nameof(node));
        }

        using (LockNode(node.Id))
        {
            var document = Resolve(node, ReadNode(node.Id)?.Json);
            var json = SerdeJsonWriter.ToUtf8Bytes(document);
            Write(node.Id, json);
            node.Adopt(document, json, StoreKey);
        }

        return node.Id;
    }

    /// <summary>Applies <paramref name="change"/> to the stored node under its lock and stores the result; nothing is stored when it throws.</summary>
    public void Update(Guid id, Action<MemoryNode> change)
    {
        if (change is null)
        {
            throw new ArgumentNullException(nameof(change));
        }

        using (LockNode(id))
        {
            var node = TryLoad(id) ?? throw NotFound(id);
            change(node);
            Write(id, node.ToUtf8Json());
        }
    }

    public MemoryNode Load(Guid id) => TryLoad(id) ?? throw NotFound(id);

    public bool Delete(Guid id)
    {
        using (LockNode(id))
        {
            var deleted = DeleteNode(id);
            NotifyIndex(id);
            return deleted;
        }
    }

    public void ClearAll()
    {
        foreach (var id in ListAll())
        {
            Delete(id);
        }

        ReclaimTemporaryFiles();
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

            node.AddOrUpdateConnection(target, relationshipType, strength, (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            Write(source, node.ToUtf8Json());
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

            Write(source, node.ToUtf8Json());
            return true;
        }
    }

    public IReadOnlyList<(Guid Id, float Similarity)> SearchSimilar(float[] query, int limit, float threshold)
    {
        RequireSearch(query, limit, threshold);
        var index = Index;
        index.EnsureCurrent();
        return index.Search(query, limit, threshold);
    }

    /// <summary><see cref="SearchSimilar"/> with the nodes, read after the search; a node deleted meanwhile is left out.</summary>
    public IReadOnlyList<(MemoryNode Node, float Similarity)> SearchSimilarNodes(float[] query, int limit, float threshold) =>
        SearchSimilar(query, limit, threshold)
            .Select(hit => (Node: TryLoadForResults(hit.Id), hit.Similarity))
            .Where(hit => hit.Node is not null)
            .Select(hit => (hit.Node!, hit.Similarity))
            .ToList();

    /// <summary>A chat's messages, newest first, at most <paramref name="limit"/>; unreadable ones are left out and reported.</summary>
    public IReadOnlyList<ChatMessage> ChatHistory(string chatId, int limit)
    {
        var index = Index;
        index.EnsureCurrent();
        var messages = new List<ChatMessage>();
        var skip = 0;
        while (messages.Count < limit)
        {
            var ids = index.NewestMessages(chatId, skip, limit - messages.Count);
            if (ids.Count == 0)
            {
                break;
            }

            skip += ids.Count;
            foreach (var id in ids)
            {
                if (TryReadMessage(id) is { } message)
                {
                    messages.Add(message);
                }
            }
        }

        return messages;
    }

    /// <summary>The nodes that search and chat history leave out because they cannot be read, as of now.</summary>
    public IReadOnlyList<UnreadableNode> UnreadableNodes()
    {
        var index = Index;
        index.EnsureCurrent();
        return index.Unreadable();
    }

    /// <summary>The store's index, created on first use.</summary>
    internal StoreIndex Index
    {
        get
        {
            if (Volatile.Read(ref _index) is { } index)
            {
                return index;
            }

            var created = new StoreIndex(this);
            return Interlocked.CompareExchange(ref _index, created, null) ?? created;
        }
    }

    /// <summary>What the index keeps of a node, with the version it was read at; null when there is none.</summary>
    /// <exception cref="InvalidDataException">The node is corrupt; the message names the id and where it is.</exception>
    /// <exception cref="IOException">It cannot be read (not a regular file, too large); the message names the id and the file.</exception>
    internal (NodeSummary Summary, FileVersion Version)? TryReadSummary(Guid id)
    {
        var stored = ReadNodeNamingIt(id);
        if (stored is not { } found)
        {
            return null;
        }

        var summary = Corrupt(id, () =>
        {
            var read = NodeSummary.Read(found.Json);
            return Identified(id, read.Id, read);
        });
        return (summary, found.Version);
    }

    /// <summary>Loads a node with the version it was read at; null when there is none.</summary>
    /// <exception cref="InvalidDataException">The node is corrupt; the message names the id and where it is.</exception>
    /// <exception cref="IOException">It cannot be read (not a regular file, too large); the message names the id and the file.</exception>
    internal (MemoryNode Node, FileVersion Version)? TryLoadVersioned(Guid id)
    {
        var stored = ReadNodeNamingIt(id);
        return stored is { } found ? (Parse(id, found.Json), found.Version) : null;
    }

    /// <summary><see cref="VersionOf"/>, or null when even that cannot be read.</summary>
    internal FileVersion? VersionOfOrNull(Guid id)
    {
        try
        {
            return VersionOf(id);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Closes the index (and with it the change watch) when the last handle on the store is released.</summary>
    protected void DisposeIndex() => Interlocked.Exchange(ref _index, null)?.Dispose();

    private MemoryNode? TryLoad(Guid id) => TryLoadVersioned(id)?.Node;

    // A hit whose node cannot be read any more is left out of the results and reported, like the index does.
    private MemoryNode? TryLoadForResults(Guid id)
    {
        try
        {
            return TryLoad(id);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException and not StoreDirectoryNotFoundException)
        {
            Index.ReportUnreadable(id, ex);
            return null;
        }
    }

    // A message found by the index, read again for its text; one that cannot be read any more is left out and reported.
    private ChatMessage? TryReadMessage(Guid id)
    {
        try
        {
            if (TryReadSummary(id)?.Summary is not { } summary || !ChatMessageFacts.IsMessage(summary.MessageAttribute))
            {
                return null;
            }

            return ChatMessageFacts.Read(id, summary.MessageAttribute, DescribeLocation(id)).ToChatMessage(id);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException and not StoreDirectoryNotFoundException)
        {
            Index.ReportUnreadable(id, ex);
            return null;
        }
    }

    private (byte[] Json, FileVersion Version)? ReadNodeNamingIt(Guid id)
    {
        try
        {
            return ReadNode(id);
        }
        catch (IOException ex) when (ex is not StoreDirectoryNotFoundException)
        {
            throw new IOException($"Cannot read EngramDB node {id}: {ex.Message}", ex);
        }
    }

    private MemoryNode Parse(Guid id, byte[] json) => Corrupt(id, () =>
    {
        var node = MemoryNode.FromStored(NodeJson.Parse(json), json, StoreKey);
        return Identified(id, node.Id, node);
    });

    private static T Identified<T>(Guid expected, Guid actual, T node) =>
        actual == expected ? node : throw new InvalidDataException($"It holds node {actual} instead.");

    // Every way a node file can fail to parse becomes one error naming the node and its file.
    private T Corrupt<T>(Guid id, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (Exception ex) when (ex is InvalidDataException or InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            throw new InvalidDataException($"EngramDB node {id} ({DescribeLocation(id)}) is corrupt: {ex.Message}", ex);
        }
    }

    // What Save writes: the copy itself, or, when the stored node changed since it was loaded, the merge of the two.
    private JsonObject Resolve(MemoryNode node, byte[]? stored)
    {
        var loadedFrom = Equals(node.StoredIn, StoreKey) ? node.StoredJson : null;
        if (stored is null)
        {
            return loadedFrom is null
                ? node.ToCurrentDocument()
                : throw new NodeConflictException(node.Id, new[] { "the stored node was deleted" });
        }

        if (loadedFrom is not null && stored.AsSpan().SequenceEqual(loadedFrom))
        {
            return node.ToCurrentDocument();
        }

        MemoryNode theirs;
        try
        {
            theirs = Parse(node.Id, stored);
        }
        catch (InvalidDataException)
        {
            // A corrupt stored file holds no change that could be kept: the save repairs it.
            return node.ToCurrentDocument();
        }

        if (loadedFrom is null)
        {
            throw new NodeConflictException(node.Id, new[] { "a node with this id was stored by someone else since this one was created" });
        }

        return NodeMerge.Merge(node.Id, Parse(node.Id, loadedFrom).ToCurrentDocument(), node.ToCurrentDocument(), theirs.ToCurrentDocument());
    }

    private void Write(Guid id, byte[] json)
    {
        WriteNode(id, json);
        NotifyIndex(id);
    }

    private void NotifyIndex(Guid id) => Volatile.Read(ref _index)?.NodeChanged(id);

    private static void RequireSearch(float[] query, int limit, float threshold)
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

        if (limit < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "The limit must not be negative.");
        }

        if (float.IsNaN(threshold))
        {
            throw new ArgumentException("The threshold must be a number.", nameof(threshold));
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
