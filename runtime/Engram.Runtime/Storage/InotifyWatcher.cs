using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text;

namespace EngramDb.Storage;

/// <summary>
/// One Linux inotify instance for the whole process, shared by every store directory it watches: the store's root
/// folder and each of its two-character node folders. <see cref="Poll"/> is a non-blocking read that hands every event
/// queued since to the store it belongs to.
/// </summary>
/// <remarks>
/// The kernel queues an event before the writing call (<c>write</c>, <c>rename</c>, <c>unlink</c>) returns, so a
/// poll sees every change another process finished before it, including in-place rewrites by writers that take no
/// lock and rename nothing (EngramDB's own). A full queue reports an overflow, which sends every store back to a full
/// rescan. One instance serves every store because the kernel limits instances per user (often to 128).
/// </remarks>
internal sealed class InotifyWatcher
{
    private const uint RootMask = LinuxNative.InCreate | LinuxNative.InDelete | LinuxNative.InMovedFrom | LinuxNative.InMovedTo
        | LinuxNative.InDeleteSelf | LinuxNative.InMoveSelf | LinuxNative.InOnlyDirectory;

    private const uint FolderMask = LinuxNative.InModify | LinuxNative.InCloseWrite | LinuxNative.InCreate | LinuxNative.InDelete
        | LinuxNative.InMovedFrom | LinuxNative.InMovedTo | LinuxNative.InAttrib | LinuxNative.InDeleteSelf | LinuxNative.InMoveSelf
        | LinuxNative.InOnlyDirectory;

    private static readonly Lazy<InotifyWatcher?> s_instance = new(Create);

    private readonly int _fd;
    private readonly object _gate = new();
    private readonly Dictionary<int, Watch> _watches = new();
    private readonly byte[] _buffer = new byte[64 * 1024];

    private InotifyWatcher(int fd)
    {
        _fd = fd;
    }

    /// <summary>The process's watcher; null where inotify is not available (not Linux, or no instance could be created).</summary>
    public static InotifyWatcher? Instance => s_instance.Value;

    /// <summary>Watches a store's root folder; null when the kernel refused (for example, the watch limit is reached).</summary>
    public int? WatchRoot(string path, StoreChanges changes, Action<string> folderAppeared) =>
        Add(path, RootMask, new Watch(changes, prefix: null, folderAppeared));

    /// <summary>Watches one node folder of a store.</summary>
    public int? WatchFolder(string path, string prefix, StoreChanges changes) =>
        Add(path, FolderMask, new Watch(changes, prefix, folderAppeared: null));

    /// <summary>Stops a watch of <paramref name="changes"/>'s store (one the kernel already dropped is left alone).</summary>
    public void Remove(int watch, StoreChanges changes)
    {
        lock (_gate)
        {
            if (_watches.TryGetValue(watch, out var target) && target.Changes == changes)
            {
                _watches.Remove(watch);
                LinuxNative.InotifyRemoveWatch(_fd, watch);
            }
        }
    }

    /// <summary>Reads every queued event, without waiting, and records each in its store's <see cref="StoreChanges"/>.</summary>
    public void Poll()
    {
        lock (_gate)
        {
            while (true)
            {
                var read = (long)LinuxNative.Read(_fd, _buffer, (IntPtr)_buffer.Length);
                if (read < 0)
                {
                    var errno = Marshal.GetLastWin32Error();
                    if (errno == LinuxNative.EINTR)
                    {
                        continue;
                    }

                    if (errno == LinuxNative.EAGAIN)
                    {
                        return;
                    }

                    // Nothing can be trusted any more: every store rescans.
                    foreach (var watch in _watches.Values)
                    {
                        watch.Changes.Everything();
                    }

                    return;
                }

                Dispatch((int)read);
            }
        }
    }

    private int? Add(string path, uint mask, Watch watch)
    {
        lock (_gate)
        {
            var descriptor = LinuxNative.InotifyAddWatch(_fd, path, mask);
            if (descriptor < 0)
            {
                return null;
            }

            _watches[descriptor] = watch;
            return descriptor;
        }
    }

    private void Dispatch(int length)
    {
        var offset = 0;
        while (offset + 16 <= length)
        {
            var descriptor = BitConverter.ToInt32(_buffer, offset);
            var mask = BitConverter.ToUInt32(_buffer, offset + 4);
            var nameLength = (int)BitConverter.ToUInt32(_buffer, offset + 12);
            var name = nameLength == 0 ? string.Empty : Encoding.UTF8.GetString(_buffer, offset + 16, nameLength).TrimEnd('\0');
            offset += 16 + nameLength;

            if ((mask & LinuxNative.InQueueOverflow) != 0)
            {
                foreach (var watch in _watches.Values)
                {
                    watch.Changes.Everything();
                }

                continue;
            }

            if (!_watches.TryGetValue(descriptor, out var target))
            {
                continue;
            }

            if ((mask & LinuxNative.InIgnored) != 0)
            {
                // The kernel dropped the watch: its folder is gone (or was moved away).
                _watches.Remove(descriptor);
                if (target.Prefix is null)
                {
                    target.Changes.WatchLost();
                }
                else
                {
                    target.Changes.Folder(target.Prefix);
                }

                continue;
            }

            if (target.Prefix is null)
            {
                OnRootEvent(target, mask, name);
            }
            else if (FileNodeStore.TryParseNodeFileName(name, target.Prefix, out var id))
            {
                target.Changes.Node(id);
            }
        }
    }

    private static void OnRootEvent(Watch root, uint mask, string name)
    {
        if ((mask & (LinuxNative.InDeleteSelf | LinuxNative.InMoveSelf)) != 0)
        {
            root.Changes.WatchLost();
        }
        else if ((mask & LinuxNative.InIsDirectory) != 0 && FileNodeStore.IsIdPrefix(name))
        {
            root.Changes.Folder(name);
            if ((mask & (LinuxNative.InCreate | LinuxNative.InMovedTo)) != 0)
            {
                root.FolderAppeared!(name);
            }
        }
    }

    private static InotifyWatcher? Create()
    {
        if (!LinuxNative.IsLinux)
        {
            return null;
        }

        var fd = LinuxNative.InotifyInit(LinuxNative.OpenNonBlocking | LinuxNative.OpenCloseOnExec);
        return fd < 0 ? null : new InotifyWatcher(fd);
    }

    private sealed class Watch
    {
        public Watch(StoreChanges changes, string? prefix, Action<string>? folderAppeared)
        {
            Changes = changes;
            Prefix = prefix;
            FolderAppeared = folderAppeared;
        }

        public StoreChanges Changes { get; }

        /// <summary>The node folder's name; null for the store's root.</summary>
        public string? Prefix { get; }

        public Action<string>? FolderAppeared { get; }
    }
}
