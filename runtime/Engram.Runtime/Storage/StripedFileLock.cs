using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;

namespace EngramDb.Storage;

/// <summary>
/// Node locks that hold across threads and processes: 256 stripes, one per two-hex-digit id prefix (the same
/// prefix that names the node's folder). A stripe is an in-process monitor plus an exclusive lock on
/// <c>&lt;store&gt;/.engram-locks/&lt;prefix&gt;.lock</c>.
/// </summary>
/// <remarks>
/// <para>
/// The monitor keeps this process's threads queueing instead of polling the file. The file lock is
/// <see cref="FileShare.None"/>, which .NET implements with <c>flock(LOCK_EX)</c> on Unix and a sharing
/// mode on Windows; the operating system releases it when a process dies, so a crash never leaves a stripe locked.
/// (Setting <c>DOTNET_SYSTEM_IO_DISABLEFILELOCKING</c> turns .NET's file locking, and so the cross-process part, off.)
/// Both waits are bounded by the store's lock timeout, and a timeout says which lock it waited for.
/// </para>
/// <para>
/// A thread that already holds a stripe may take it again (a <see cref="Database.Update"/> change that saves another
/// node of the same stripe): the monitor is re-entrant and the file lock is already this process's.
/// </para>
/// <para>
/// The lock files sit in a folder whose files do not end in <c>.json</c>, so EngramDB, which loads
/// <c>&lt;store&gt;/*/*.json</c>, never takes them for nodes. They are never deleted: deleting a lock file while
/// another process waits on it would let two processes hold "the same" lock.
/// </para>
/// </remarks>
internal sealed class StripedFileLock
{
    public const string DirectoryName = ".engram-locks";

    private const int MaxBackoffMilliseconds = 16;

    private readonly string _storePath;
    private readonly string _directory;
    private readonly TimeSpan _timeout;
    private readonly Action<string> _requireStore;
    private readonly object[] _gates = Enumerable.Range(0, 256).Select(_ => new object()).ToArray();

    /// <param name="storePath">The store's directory.</param>
    /// <param name="timeout">The bound on each wait.</param>
    /// <param name="requireStore">Throws when the store's directory is gone, so the lock folder is never created in its place.</param>
    public StripedFileLock(string storePath, TimeSpan timeout, Action<string> requireStore)
    {
        _storePath = storePath;
        _directory = Path.Combine(storePath, DirectoryName);
        _timeout = timeout;
        _requireStore = requireStore;
    }

    /// <summary>Waits, at most the timeout, until this thread holds the stripe of <paramref name="id"/>; dispose the result to release it.</summary>
    /// <exception cref="IOException">The wait timed out (the message says for which lock), or the lock file cannot be created.</exception>
    public IDisposable Acquire(Guid id) => Acquire(id, _timeout, throwOnTimeout: true)!;

    /// <summary>The stripe of <paramref name="id"/> if no other thread or process holds it now; null otherwise.</summary>
    public IDisposable? TryAcquireNow(Guid id) => Acquire(id, TimeSpan.Zero, throwOnTimeout: false);

    private IDisposable? Acquire(Guid id, TimeSpan wait, bool throwOnTimeout)
    {
        var prefix = id.ToString().Substring(0, 2);
        var gate = _gates[Convert.ToInt32(prefix, 16)];
        if (Monitor.IsEntered(gate))
        {
            Monitor.Enter(gate);
            return new HeldStripe(gate, lockFile: null);
        }

        var waited = Stopwatch.StartNew();
        if (!Monitor.TryEnter(gate, wait))
        {
            return throwOnTimeout
                ? throw new IOException(
                    $"Timed out after {wait.TotalSeconds:0.###} s waiting for another thread of this process to release the lock of node {id} " +
                    $"(stripe '{prefix}') of the EngramDB store at '{_storePath}'.")
                : null;
        }

        try
        {
            var lockFile = OpenExclusively(Path.Combine(_directory, prefix + ".lock"), id, wait - waited.Elapsed, throwOnTimeout);
            if (lockFile is null)
            {
                Monitor.Exit(gate);
                return null;
            }

            return new HeldStripe(gate, lockFile);
        }
        catch
        {
            Monitor.Exit(gate);
            throw;
        }
    }

    private FileStream? OpenExclusively(string lockFile, Guid id, TimeSpan wait, bool throwOnTimeout)
    {
        var waited = Stopwatch.StartNew();
        var backoff = 1;
        while (true)
        {
            try
            {
                _requireStore("taking a node lock");
                Directory.CreateDirectory(_directory);
                return new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException ex) when (IsHeldByAnotherHandle(ex))
            {
                if (waited.Elapsed >= wait)
                {
                    return throwOnTimeout
                        ? throw new IOException(
                            $"Timed out after {_timeout.TotalSeconds:0.###} s in all waiting for another process to release the lock file '{lockFile}' " +
                            $"(node {id}) of the EngramDB store at '{_storePath}'.", ex)
                        : null;
                }

                Thread.Sleep(backoff);
                backoff = Math.Min(backoff * 2, MaxBackoffMilliseconds);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException && ex is not StoreDirectoryNotFoundException)
            {
                throw new IOException($"Cannot write to the EngramDB store at '{_storePath}': creating the lock file '{lockFile}' failed: {ex.Message}", ex);
            }
        }
    }

    // What .NET throws when FileShare.None meets a lock held elsewhere: EWOULDBLOCK from flock on Unix (11 on Linux,
    // 35 on macOS), ERROR_SHARING_VIOLATION or ERROR_LOCK_VIOLATION on Windows. Subclasses such as
    // FileNotFoundException are real failures.
    private static bool IsHeldByAnotherHandle(IOException ex) =>
        ex.GetType() == typeof(IOException)
        && ex.HResult is 11 or 35 or unchecked((int)0x80070020) or unchecked((int)0x80070021);

    private sealed class HeldStripe : IDisposable
    {
        private object? _gate;
        private FileStream? _lockFile;

        // A null lock file: the thread already held the stripe, and its outer hold keeps the file lock.
        public HeldStripe(object gate, FileStream? lockFile)
        {
            _gate = gate;
            _lockFile = lockFile;
        }

        public void Dispose()
        {
            var gate = Interlocked.Exchange(ref _gate, null);
            if (gate is null)
            {
                return;
            }

            try
            {
                _lockFile?.Dispose();
                _lockFile = null;
            }
            finally
            {
                Monitor.Exit(gate);
            }
        }
    }
}
