using System.Collections.Generic;
using System.IO;

namespace EngramDb.Storage;

/// <summary>A file store's change watch: inotify watches on the store's root and on each node folder, read by <see cref="InotifyWatcher"/>.</summary>
internal sealed class InotifyStoreWatch : IStoreWatch
{
    private readonly InotifyWatcher _watcher;
    private readonly string _root;
    private readonly StoreChanges _changes;
    private readonly List<int> _watches = new();
    private readonly object _gate = new();
    private bool _failed;
    private bool _disposed;

    private InotifyStoreWatch(InotifyWatcher watcher, string root, StoreChanges changes)
    {
        _watcher = watcher;
        _root = root;
        _changes = changes;
    }

    /// <summary>Watches the store; null when inotify is unavailable or refused a watch (the caller then rescans on every call).</summary>
    public static InotifyStoreWatch? Start(string root, IEnumerable<string> folders, StoreChanges changes)
    {
        if (InotifyWatcher.Instance is not { } watcher)
        {
            return null;
        }

        var watch = new InotifyStoreWatch(watcher, root, changes);
        if (watch.Add(watcher.WatchRoot(root, changes, watch.WatchFolder)))
        {
            foreach (var folder in folders)
            {
                watch.WatchFolder(folder);
            }
        }

        if (!watch._failed)
        {
            return watch;
        }

        watch.Dispose();
        return null;
    }

    public void Poll()
    {
        _watcher.Poll();
        if (_failed)
        {
            // A folder that appeared could not be watched: nothing short of rescanning keeps the index right.
            _changes.Everything();
        }
    }

    // The watcher's lock is never taken while this one is held: a poll holds the watcher's lock when it adds a
    // watch for a new folder here.
    public void Dispose()
    {
        List<int> watches;
        lock (_gate)
        {
            _disposed = true;
            watches = new List<int>(_watches);
            _watches.Clear();
        }

        watches.ForEach(watch => _watcher.Remove(watch, _changes));
    }

    // A folder that appears after the watch starts may already hold files, so it is also rescanned (StoreChanges.Folder).
    // A folder gone again before it could be watched holds nothing to watch.
    private void WatchFolder(string prefix)
    {
        var folder = Path.Combine(_root, prefix);
        var watch = _watcher.WatchFolder(folder, prefix, _changes);
        if (watch is not null || Directory.Exists(folder))
        {
            Add(watch);
        }

        _changes.Folder(prefix);
    }

    private bool Add(int? watch)
    {
        bool disposed;
        lock (_gate)
        {
            disposed = _disposed;
            if (watch is { } added && !disposed)
            {
                _watches.Add(added);
                return true;
            }

            _failed |= watch is null;
        }

        if (disposed && watch is { } late)
        {
            _watcher.Remove(late, _changes);
        }

        return false;
    }
}
