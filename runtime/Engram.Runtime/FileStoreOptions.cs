using System;

namespace EngramDb;

/// <summary>Limits and reporting of a file-based store; pass them to <see cref="Database.FileBased(string, FileStoreOptions)"/>.</summary>
/// <remarks>
/// Options belong to the store directory, not to one handle: every handle on a directory in the process shares its
/// files, locks and index, so the first handle that opens the directory sets them (the defaults when it gives none),
/// and opening it again with different options throws <see cref="InvalidOperationException"/>.
/// </remarks>
public sealed class FileStoreOptions
{
    /// <summary>The default bound on a node file's size: 64 MiB.</summary>
    public const long DefaultMaxNodeFileBytes = 64L * 1024 * 1024;

    /// <summary>The default bound on every lock wait: 30 seconds.</summary>
    public static readonly TimeSpan DefaultLockTimeout = TimeSpan.FromSeconds(30);

    /// <summary>A node file larger than this is refused, with an error naming it, before any of it is read.</summary>
    public long MaxNodeFileBytes { get; set; } = DefaultMaxNodeFileBytes;

    /// <summary>
    /// How long a write waits for a node's lock, first among this process's threads, then against other processes;
    /// past it the write fails with an <see cref="System.IO.IOException"/> saying what it waited for.
    /// </summary>
    public TimeSpan LockTimeout { get; set; } = DefaultLockTimeout;

    /// <summary>
    /// Called once for each node file that similarity search and chat history found unreadable and left out (and again
    /// when that file changes and is still unreadable). When not set, the report goes to
    /// <see cref="System.Diagnostics.Trace.TraceWarning(string)"/>. Either way <see cref="Database.UnreadableNodes"/> lists them.
    /// </summary>
    public Action<UnreadableNode>? UnreadableNodeFound { get; set; }

    /// <summary>
    /// Whether other writers' changes are found by a change watch (inotify on Linux); when false, or when no watch can
    /// be had, every indexed call rescans the store's file versions instead. Internal: the tests compare both ways.
    /// </summary>
    internal bool WatchForChanges { get; set; } = true;

    internal FileStoreOptions Validated()
    {
        if (MaxNodeFileBytes < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxNodeFileBytes), MaxNodeFileBytes, "The node file size bound must be at least one byte.");
        }

        if (LockTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(LockTimeout), LockTimeout, "The lock timeout must be positive.");
        }

        return new FileStoreOptions { MaxNodeFileBytes = MaxNodeFileBytes, LockTimeout = LockTimeout, UnreadableNodeFound = UnreadableNodeFound, WatchForChanges = WatchForChanges };
    }

    internal bool SameAs(FileStoreOptions other) =>
        MaxNodeFileBytes == other.MaxNodeFileBytes && LockTimeout == other.LockTimeout && UnreadableNodeFound == other.UnreadableNodeFound
        && WatchForChanges == other.WatchForChanges;

    /// <inheritdoc />
    public override string ToString() => $"MaxNodeFileBytes={MaxNodeFileBytes}, LockTimeout={LockTimeout.TotalSeconds:0.###} s";
}
