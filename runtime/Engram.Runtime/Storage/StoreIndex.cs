using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace EngramDb.Storage;

/// <summary>
/// The index of one store, shared by every handle on it in the process: each node's vector in a
/// <see cref="VectorBlock"/> per dimension, chat messages by chat and time, and the nodes that could not be read.
/// </summary>
/// <remarks>
/// <para>
/// Built on first use (a search, a chat history), not when a handle opens. Every call first brings it up to date
/// (<see cref="EnsureCurrent"/>): writes through any handle in the process record the node they changed, and the
/// store's change watch reports what other processes changed (on Linux an inotify poll, one non-blocking read; where
/// no watch is available, a rescan that compares every file's version). Only changed nodes are read again.
/// </para>
/// <para>
/// Thread-safe: one thread at a time brings the index up to date, any number search it at once.
/// </para>
/// </remarks>
internal sealed class StoreIndex : IDisposable
{
    private const int BuildBatch = 256;

    private readonly NodeStore _store;
    private readonly StoreChanges _changes = new();
    private readonly object _refreshGate = new();
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly Dictionary<Guid, Entry> _entries = new();
    private readonly Dictionary<int, VectorBlock> _blocks = new();
    private readonly Dictionary<string, ChatTimeline> _chats = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, UnreadableNode> _unreadable = new();
    private IStoreWatch? _watch;
    private bool _built;
    // While the index is built: how many nodes are being read (else 0).
    private int _nodesBeingBuilt;

    public StoreIndex(NodeStore store)
    {
        _store = store;
    }

    /// <summary>Whether the index has been built (by a first search or chat history).</summary>
    public bool IsBuilt
    {
        get
        {
            lock (_refreshGate)
            {
                return _built;
            }
        }
    }

    /// <summary>Records that a write in this process changed or deleted <paramref name="id"/>.</summary>
    public void NodeChanged(Guid id) => _changes.Node(id);

    /// <summary>Brings the index up to date with the store: built at the first call, then only what changed.</summary>
    /// <exception cref="StoreDirectoryNotFoundException">The store's directory was deleted.</exception>
    public void EnsureCurrent()
    {
        lock (_refreshGate)
        {
            _store.RequireAvailable("reading the store's index");
            if (!_built)
            {
                Build();
                return;
            }

            _watch?.Poll();
            var (everything, watchLost, folders, nodes) = _changes.Take();
            if (watchLost)
            {
                // The directory was deleted or moved and is back: a new one, so the index starts again.
                RebuildFromScratch();
                return;
            }

            if (_watch is null || everything)
            {
                Rescan(_store.ListAll(), inScope: _ => true);
                return;
            }

            foreach (var folder in folders)
            {
                Rescan(_store.ListFolder(folder), inScope: id => id.ToString().StartsWith(folder, StringComparison.Ordinal));
            }

            foreach (var id in nodes)
            {
                Reload(id);
            }
        }
    }

    /// <summary>The best matches by cosine similarity, best first; call <see cref="EnsureCurrent"/> first.</summary>
    public List<(Guid Id, float Similarity)> Search(float[] query, int limit, float threshold)
    {
        _lock.EnterReadLock();
        try
        {
            if (limit == 0 || !_blocks.TryGetValue(query.Length, out var block))
            {
                return new List<(Guid Id, float Similarity)>();
            }

            var queryNorm = Norm(query);
            if (queryNorm == 0)
            {
                return new List<(Guid Id, float Similarity)>();
            }

            return block.Search(query, queryNorm, threshold, Math.Min(limit, block.Count));
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>Ids of a chat's messages, newest first, from position <paramref name="skip"/>; call <see cref="EnsureCurrent"/> first.</summary>
    public List<Guid> NewestMessages(string chatId, int skip, int take)
    {
        _lock.EnterReadLock();
        try
        {
            return _chats.TryGetValue(chatId, out var timeline) ? timeline.Newest(skip, take) : new List<Guid>();
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>The nodes left out because they could not be read, in id order; call <see cref="EnsureCurrent"/> first.</summary>
    public List<UnreadableNode> Unreadable()
    {
        _lock.EnterReadLock();
        try
        {
            return _unreadable.Values.OrderBy(node => node.Id).ToList();
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>Bytes held by the vector arrays, for the benchmarks' memory figures.</summary>
    public long VectorBytes
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _blocks.Values.Sum(block => block.AllocatedBytes);
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <summary>A node found unreadable after the index last read it (by a search or chat history loading it): left out until it changes.</summary>
    public void ReportUnreadable(Guid id, Exception error)
    {
        UnreadableNode? found;
        _lock.EnterWriteLock();
        try
        {
            found = Record(id, error);
        }
        finally
        {
            _lock.ExitWriteLock();
        }

        Report(found);
    }

    public void Dispose()
    {
        lock (_refreshGate)
        {
            _watch?.Dispose();
            _watch = null;
        }
    }

    private void RebuildFromScratch()
    {
        _watch?.Dispose();
        _watch = null;
        _lock.EnterWriteLock();
        try
        {
            _entries.Clear();
            _blocks.Clear();
            _chats.Clear();
            _unreadable.Clear();
            _built = false;
        }
        finally
        {
            _lock.ExitWriteLock();
        }

        Build();
    }

    private void Build()
    {
        // Watching starts before the listing, so a change made while the store is read is seen by the next call;
        // what was recorded before the listing (the folders the watch just started on) the listing itself covers.
        // A build that failed (its directory deleted meanwhile) left a watch behind.
        _watch?.Dispose();
        _watch = _store.WatchForChanges(_changes);
        _store.ReclaimTemporaryFiles();
        _watch?.Poll();
        _changes.Take();
        var ids = _store.ListAll();
        var found = new List<UnreadableNode>();
        _lock.EnterWriteLock();
        try
        {
            // Each node is indexed as soon as it is read, so what a file leaves behind (its bytes, its parsed vector)
            // dies young: holding every node read until the end made the collector copy them all, twice.
            // Nodes are read in batches and each batch is indexed under one lock, so the threads seldom wait for it.
            var applyGate = new object();
            _nodesBeingBuilt = ids.Count;

            // The partitioner refuses an empty range; an empty store has nothing to read.
            if (ids.Count > 0)
            {
                Parallel.ForEach(Partitioner.Create(0, ids.Count, BuildBatch), range =>
                {
                    var batch = new LoadedNode[range.Item2 - range.Item1];
                    for (var i = 0; i < batch.Length; i++)
                    {
                        batch[i] = Read(ids[range.Item1 + i]);
                    }

                    lock (applyGate)
                    {
                        foreach (var node in batch)
                        {
                            if (Apply(node) is { } unreadable)
                            {
                                found.Add(unreadable);
                            }
                        }
                    }
                });
            }

            foreach (var block in _blocks.Values)
            {
                block.TrimExcess();
            }

            foreach (var timeline in _chats.Values)
            {
                timeline.Sort();
            }

            _built = true;
        }
        finally
        {
            _nodesBeingBuilt = 0;
            _lock.ExitWriteLock();
        }

        // Reported on the thread that asked, in id order, and outside the lock: a report may call back into the store.
        foreach (var unreadable in found.OrderBy(node => node.Id))
        {
            Report(unreadable);
        }
    }

    // Reads the nodes whose version changed, and drops the ones no longer there.
    private void Rescan(IReadOnlyList<Guid> present, Func<Guid, bool> inScope)
    {
        var stillThere = new HashSet<Guid>(present);
        var changed = new List<Guid>();
        foreach (var id in present)
        {
            if (!_entries.TryGetValue(id, out var entry) || !Equals(_store.VersionOf(id), entry.Version))
            {
                changed.Add(id);
            }
        }

        foreach (var id in _entries.Keys.Where(id => inScope(id) && !stillThere.Contains(id)).ToList())
        {
            changed.Add(id);
        }

        foreach (var id in changed)
        {
            Reload(id);
        }
    }

    private void Reload(Guid id)
    {
        var node = Read(id);
        UnreadableNode? found;
        _lock.EnterWriteLock();
        try
        {
            found = Apply(node);
        }
        finally
        {
            _lock.ExitWriteLock();
        }

        Report(found);
    }

    // Everything a node needs before it is indexed is worked out here, outside the lock, since the build reads in parallel.
    private LoadedNode Read(Guid id)
    {
        try
        {
            if (_store.TryReadSummary(id) is not { } loaded)
            {
                return LoadedNode.Missing(id);
            }

            var node = loaded.Summary;
            ChatMessageFacts? message = null;
            Exception? messageError = null;
            if (ChatMessageFacts.IsMessage(node.MessageAttribute))
            {
                try
                {
                    message = ChatMessageFacts.Read(id, node.MessageAttribute, _store.DescribeLocation(id));
                }
                catch (InvalidDataException ex)
                {
                    messageError = new InvalidDataException(ex.Message + " It is left out of chat history.", ex);
                }
            }

            return LoadedNode.Found(id, loaded.Version, node.Embeddings, Norm(node.Embeddings), message, node.CreationTimestamp, messageError);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException and not StoreDirectoryNotFoundException)
        {
            return LoadedNode.Unreadable(id, _store.VersionOfOrNull(id), ex);
        }
    }

    // Caller holds the write lock; returns a newly found unreadable node, for the caller to report once it is released.
    private UnreadableNode? Apply(LoadedNode loaded)
    {
        Forget(loaded.Id);
        if (loaded.Error is not null)
        {
            _entries[loaded.Id] = new Entry(loaded.Version, block: null, row: -1, chat: null, message: default);
            return Record(loaded.Id, loaded.Error);
        }

        if (loaded.Vector is not { } vector)
        {
            _unreadable.Remove(loaded.Id);
            return null;
        }

        var (block, row) = AddVector(loaded.Id, vector, loaded.Norm);
        var (chat, message) = loaded.Message is { } facts ? IndexMessage(loaded.Id, facts, loaded.CreationTimestamp) : (null, default);
        _entries[loaded.Id] = new Entry(loaded.Version, block, row, chat, message);
        if (loaded.MessageError is not null)
        {
            return Record(loaded.Id, loaded.MessageError);
        }

        _unreadable.Remove(loaded.Id);
        return null;
    }

    private (VectorBlock? Block, int Row) AddVector(Guid id, float[] vector, double norm)
    {
        if (vector.Length == 0 || norm == 0)
        {
            return (null, -1);
        }

        if (!_blocks.TryGetValue(vector.Length, out var block))
        {
            // While the index is built, the first dimension met gets room for every node at once (trimmed after).
            block = new VectorBlock(vector.Length, capacity: _blocks.Count == 0 && _nodesBeingBuilt > 0 ? _nodesBeingBuilt : 16);
            _blocks.Add(vector.Length, block);
        }

        return (block, block.Add(id, vector, norm));
    }

    private (ChatTimeline? Chat, MessageKey Message) IndexMessage(Guid id, ChatMessageFacts facts, ulong creationTimestamp)
    {
        if (!_chats.TryGetValue(facts.ChatId, out var timeline))
        {
            timeline = new ChatTimeline(facts.ChatId);
            _chats.Add(facts.ChatId, timeline);
        }

        var key = new MessageKey(facts.At.UtcTicks, creationTimestamp, id);
        if (_nodesBeingBuilt > 0)
        {
            timeline.Append(key);
        }
        else
        {
            timeline.Add(key);
        }

        return (timeline, key);
    }

    private void Forget(Guid id)
    {
        if (!_entries.TryGetValue(id, out var entry))
        {
            return;
        }

        _entries.Remove(id);
        entry.Block?.Remove(entry.Row);
        if (entry.Chat is { } timeline)
        {
            timeline.Remove(entry.Message);
            if (timeline.Count == 0)
            {
                _chats.Remove(timeline.ChatId);
            }
        }
    }

    // Returns the node to report, once per distinct error, so a file that stays broken is not reported on every call.
    private UnreadableNode? Record(Guid id, Exception error)
    {
        if (_unreadable.TryGetValue(id, out var known) && known.Error.Message == error.Message)
        {
            return null;
        }

        var unreadable = new UnreadableNode(id, _store.DescribeLocation(id), error);
        _unreadable[id] = unreadable;
        return unreadable;
    }

    private void Report(UnreadableNode? unreadable)
    {
        if (unreadable is not null)
        {
            _store.Report(unreadable);
        }
    }

    private static double Norm(float[] vector)
    {
        double sum = 0;
        for (var i = 0; i < vector.Length; i++)
        {
            sum += (double)vector[i] * vector[i];
        }

        return Math.Sqrt(sum);
    }

    // A struct, not an object per node: the index's 100,000 entries are then one array for the collector.
    private readonly struct Entry
    {
        public Entry(FileVersion? version, VectorBlock? block, int row, ChatTimeline? chat, MessageKey message)
        {
            Version = version;
            Block = block;
            Row = row;
            Chat = chat;
            Message = message;
        }

        public FileVersion? Version { get; }

        public VectorBlock? Block { get; }

        public int Row { get; }

        public ChatTimeline? Chat { get; }

        public MessageKey Message { get; }
    }

    /// <summary>A node as read for the index: missing, unreadable, or found with its vector's norm and its message facts.</summary>
    private readonly struct LoadedNode
    {
        private LoadedNode(Guid id, FileVersion? version, Exception? error, float[]? vector, double norm, ChatMessageFacts? message, ulong creationTimestamp, Exception? messageError)
        {
            Id = id;
            Version = version;
            Error = error;
            Vector = vector;
            Norm = norm;
            Message = message;
            CreationTimestamp = creationTimestamp;
            MessageError = messageError;
        }

        public Guid Id { get; }

        public FileVersion? Version { get; }

        /// <summary>Why the node could not be read at all.</summary>
        public Exception? Error { get; }

        /// <summary>Null when there is no such node.</summary>
        public float[]? Vector { get; }

        public double Norm { get; }

        /// <summary>Set for a chat message that can be indexed.</summary>
        public ChatMessageFacts? Message { get; }

        public ulong CreationTimestamp { get; }

        /// <summary>Why a node that is a chat message is left out of chat history.</summary>
        public Exception? MessageError { get; }

        public static LoadedNode Missing(Guid id) => new(id, null, null, null, 0, null, 0, null);

        public static LoadedNode Unreadable(Guid id, FileVersion? version, Exception error) => new(id, version, error, null, 0, null, 0, null);

        public static LoadedNode Found(Guid id, FileVersion version, float[] vector, double norm, ChatMessageFacts? message, ulong creationTimestamp, Exception? messageError) =>
            new(id, version, null, vector, norm, message, creationTimestamp, messageError);
    }
}
