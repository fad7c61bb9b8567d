using System;
using System.Collections.Generic;

namespace EngramDb.Storage;

/// <summary>What changed in a store since the index last looked: node ids, whole prefix folders, or "anything".</summary>
/// <remarks>Filled by the process's writes and by the change feed, taken by the index; thread-safe.</remarks>
internal sealed class StoreChanges
{
    private readonly object _gate = new();
    private HashSet<Guid> _nodes = new();
    private HashSet<string> _folders = new(StringComparer.Ordinal);
    private bool _everything;
    private bool _watchLost;

    public void Node(Guid id)
    {
        lock (_gate)
        {
            _nodes.Add(id);
        }
    }

    public void Folder(string prefix)
    {
        lock (_gate)
        {
            _folders.Add(prefix);
        }
    }

    public void Everything()
    {
        lock (_gate)
        {
            _everything = true;
        }
    }

    /// <summary>The watch on the store's root is gone (the directory was deleted or moved): nothing more will be reported.</summary>
    public void WatchLost()
    {
        lock (_gate)
        {
            _everything = true;
            _watchLost = true;
        }
    }

    /// <summary>Takes what was recorded, leaving nothing behind.</summary>
    public (bool Everything, bool WatchLost, HashSet<string> Folders, HashSet<Guid> Nodes) Take()
    {
        lock (_gate)
        {
            var taken = (_everything, _watchLost, _folders, _nodes);
            _everything = false;
            _watchLost = false;
            _folders = new HashSet<string>(StringComparer.Ordinal);
            _nodes = new HashSet<Guid>();
            return taken;
        }
    }
}
