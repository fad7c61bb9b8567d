using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace EngramDb.Storage;

/// <summary>
/// A private store in memory, holding each node as the same JSON bytes a file would hold, so that a loaded node is
/// independent of the stored one and behaves exactly as with files.
/// </summary>
/// <remarks>Nothing outside this process can change it, so its index learns every change from the writes themselves.</remarks>
internal sealed class MemoryNodeStore : NodeStore
{
    private readonly object _gate = new();
    private readonly Dictionary<Guid, (byte[] Json, FileVersion Version)> _nodes = new();
    private long _writes;

    public override string? Path => null;

    public override IReadOnlyList<Guid> ListAll()
    {
        lock (_gate)
        {
            return _nodes.Keys.OrderBy(id => id).ToList();
        }
    }

    public override IReadOnlyList<Guid> ListFolder(string prefix) =>
        ListAll().Where(id => id.ToString().StartsWith(prefix, StringComparison.Ordinal)).ToList();

    public override FileVersion? VersionOf(Guid id)
    {
        lock (_gate)
        {
            return _nodes.TryGetValue(id, out var node) ? node.Version : null;
        }
    }

    public override string DescribeLocation(Guid id) => "in memory";

    public override IStoreWatch? WatchForChanges(StoreChanges changes) => new NothingToWatch();

    public override void Release()
    {
        lock (_gate)
        {
            _nodes.Clear();
        }

        DisposeIndex();
    }

    protected override (byte[] Json, FileVersion Version)? ReadNode(Guid id)
    {
        lock (_gate)
        {
            return _nodes.TryGetValue(id, out var node) ? node : null;
        }
    }

    protected override void WriteNode(Guid id, byte[] utf8Json)
    {
        lock (_gate)
        {
            _nodes[id] = (utf8Json, new FileVersion((ulong)++_writes, utf8Json.Length, 0, 0));
        }
    }

    protected override bool DeleteNode(Guid id)
    {
        lock (_gate)
        {
            return _nodes.Remove(id);
        }
    }

    protected override bool Contains(Guid id)
    {
        lock (_gate)
        {
            return _nodes.ContainsKey(id);
        }
    }

    // One gate for the whole store: a read-modify-write holds it throughout (Monitor is re-entrant, so the
    // primitives above may take it again). The wait is bounded like a file store's, since an Update's change runs
    // user code while it holds the gate.
    protected override IDisposable LockNode(Guid id) => new MonitorLock(_gate, id);

    private sealed class NothingToWatch : IStoreWatch
    {
        public void Poll()
        {
        }

        public void Dispose()
        {
        }
    }

    private sealed class MonitorLock : IDisposable
    {
        private object? _gate;

        public MonitorLock(object gate, Guid id)
        {
            if (!Monitor.TryEnter(gate, FileStoreOptions.DefaultLockTimeout))
            {
                throw new System.IO.IOException(
                    $"Timed out after {FileStoreOptions.DefaultLockTimeout.TotalSeconds:0} s waiting for another thread to release the lock of the in-memory store (to write node {id}).");
            }

            _gate = gate;
        }

        public void Dispose()
        {
            var gate = _gate;
            _gate = null;
            if (gate is not null)
            {
                Monitor.Exit(gate);
            }
        }
    }
}
