using System;
using System.Collections.Concurrent;
using EngramDb.Storage;

namespace Engram.Runtime.Benchmarks;

/// <summary>
/// The object-pool alternative to per-thread handles: a caller rents a handle, uses it and returns it, so a handle
/// moves between threads. A <c>Database</c> cannot (its owner check throws on any other thread), so the pooled handles
/// are the thread-safe store beneath it, opened the way <c>Database.FileBased</c> opens it, without the owner check.
/// </summary>
internal sealed class RawStorePool : IDisposable
{
    private readonly string _path;
    private readonly ConcurrentBag<NodeStore> _idle = new();
    private readonly ConcurrentQueue<NodeStore> _opened = new();

    public RawStorePool(string path)
    {
        _path = path;
    }

    /// <summary>An idle handle, or a newly opened one when all are in use (as Microsoft.Extensions.ObjectPool does).</summary>
    public NodeStore Rent()
    {
        if (_idle.TryTake(out var store))
        {
            return store;
        }

        store = FileNodeStore.Open(_path);
        _opened.Enqueue(store);
        return store;
    }

    public void Return(NodeStore store) => _idle.Add(store);

    public void Dispose()
    {
        while (_opened.TryDequeue(out var store))
        {
            store.Release();
        }
    }
}
