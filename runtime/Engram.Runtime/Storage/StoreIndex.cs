using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;

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
    private readonly NodeStore _store;
    private readonly StoreChanges _changes = new();
    private readonly object _refreshGate = new();
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly Dictionary<Guid, Entry> _entries = new();
    private readonly Dictionary<int, VectorBlock> _blocks = new();
    private readonly Dictionary<string, SortedSet<MessageKey>> _chats = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, UnreadableNode> _unreadable = new();
    private IStoreWatch? _watch;
    private bool _built;

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
            return _chats.TryGetValue(chatId, out var messages)
                ? messages.Skip(skip).Take(take).Select(message => message.Id).ToList()
                : new List<Guid>();
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
        _lock.EnterWriteLock();
        try
        {
            Record(id, error);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
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
        _watch = _store.WatchForChanges(_changes);
        _store.ReclaimTemporaryFiles();
        _watch?.Poll();
        _changes.Take();
        var ids = _store.ListAll();
        var loaded = ids.AsParallel().AsOrdered().Select(Read).ToList();
        _lock.EnterWriteLock();
        try
        {
            foreach (var dimension in loaded.Where(n => n.Node is not null).GroupBy(n => n.Node!.Embeddings.Length))
            {
                _blocks[dimension.Key] = new VectorBlock(dimension.Key, dimension.Count());
            }

            foreach (var node in loaded)
            {
                Apply(node);
            }

            _built = true;
        }
        finally
        {
            _lock.ExitWriteLock();
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
        _lock.EnterWriteLock();
        try
        {
            Apply(node);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    private LoadedNode Read(Guid id)
    {
        try
        {
            return _store.TryReadSummary(id) is { } loaded
                ? new LoadedNode(id, loaded.Summary, loaded.Version, null)
                : new LoadedNode(id, null, null, null);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException and not StoreDirectoryNotFoundException)
        {
            return new LoadedNode(id, null, _store.VersionOfOrNull(id), ex);
        }
    }

    // Caller holds the write lock.
    private void Apply(LoadedNode loaded)
    {
        Forget(loaded.Id);
        if (loaded.Error is not null)
        {
            _entries[loaded.Id] = new Entry(loaded.Version, block: null, row: -1, chat: null, message: default);
            Record(loaded.Id, loaded.Error);
            return;
        }

        if (loaded.Node is not { } node)
        {
            _unreadable.Remove(loaded.Id);
            return;
        }

        var (block, row) = AddVector(loaded.Id, node.Embeddings);
        var (chat, message) = IndexMessage(loaded.Id, node);
        _entries[loaded.Id] = new Entry(loaded.Version, block, row, chat, message);
        if (chat is not null || !ChatMessageFacts.IsMessage(node.MessageAttribute))
        {
            _unreadable.Remove(loaded.Id);
        }
    }

    private (VectorBlock? Block, int Row) AddVector(Guid id, float[] vector)
    {
        var norm = Norm(vector);
        if (vector.Length == 0 || norm == 0)
        {
            return (null, -1);
        }

        if (!_blocks.TryGetValue(vector.Length, out var block))
        {
            block = new VectorBlock(vector.Length, capacity: 16);
            _blocks.Add(vector.Length, block);
        }

        return (block, block.Add(id, vector, norm));
    }

    private (string? Chat, MessageKey Message) IndexMessage(Guid id, NodeSummary node)
    {
        if (!ChatMessageFacts.IsMessage(node.MessageAttribute))
        {
            return (null, default);
        }

        ChatMessageFacts facts;
        try
        {
            facts = ChatMessageFacts.Read(id, node.MessageAttribute, _store.DescribeLocation(id));
        }
        catch (InvalidDataException ex)
        {
            Record(id, new InvalidDataException(ex.Message + " It is left out of chat history.", ex));
            return (null, default);
        }

        if (!_chats.TryGetValue(facts.ChatId, out var messages))
        {
            messages = new SortedSet<MessageKey>(MessageKey.NewestFirst);
            _chats.Add(facts.ChatId, messages);
        }

        var key = new MessageKey(facts.At.UtcTicks, node.CreationTimestamp, id);
        messages.Add(key);
        return (facts.ChatId, key);
    }

    private void Forget(Guid id)
    {
        if (!_entries.TryGetValue(id, out var entry))
        {
            return;
        }

        _entries.Remove(id);
        entry.Block?.Remove(entry.Row);
        if (entry.Chat is not null && _chats.TryGetValue(entry.Chat, out var messages))
        {
            messages.Remove(entry.Message);
            if (messages.Count == 0)
            {
                _chats.Remove(entry.Chat);
            }
        }
    }

    // Reports a node once per distinct error, so a file that stays broken is not reported on every call.
    private void Record(Guid id, Exception error)
    {
        if (_unreadable.TryGetValue(id, out var known) && known.Error.Message == error.Message)
        {
            return;
        }

        var unreadable = new UnreadableNode(id, _store.DescribeLocation(id), error);
        _unreadable[id] = unreadable;
        _store.Report(unreadable);
    }

    private static double Norm(IReadOnlyList<float> vector)
    {
        double sum = 0;
        for (var i = 0; i < vector.Count; i++)
        {
            sum += (double)vector[i] * vector[i];
        }

        return Math.Sqrt(sum);
    }

    private sealed class Entry
    {
        public Entry(FileVersion? version, VectorBlock? block, int row, string? chat, MessageKey message)
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

        public string? Chat { get; }

        public MessageKey Message { get; }
    }

    private readonly struct LoadedNode
    {
        public LoadedNode(Guid id, NodeSummary? node, FileVersion? version, Exception? error)
        {
            Id = id;
            Node = node;
            Version = version;
            Error = error;
        }

        public Guid Id { get; }

        public NodeSummary? Node { get; }

        public FileVersion? Version { get; }

        public Exception? Error { get; }
    }

    /// <summary>A message's place in its chat: newest timestamp first, then newest creation time, then id.</summary>
    private readonly struct MessageKey
    {
        public static readonly IComparer<MessageKey> NewestFirst = Comparer<MessageKey>.Create((a, b) =>
            b.AtTicks != a.AtTicks ? b.AtTicks.CompareTo(a.AtTicks)
            : b.CreationTimestamp != a.CreationTimestamp ? b.CreationTimestamp.CompareTo(a.CreationTimestamp)
            : a.Id.CompareTo(b.Id));

        public MessageKey(long atTicks, ulong creationTimestamp, Guid id)
        {
            AtTicks = atTicks;
            CreationTimestamp = creationTimestamp;
            Id = id;
        }

        public long AtTicks { get; }

        public ulong CreationTimestamp { get; }

        public Guid Id { get; }
    }
}
