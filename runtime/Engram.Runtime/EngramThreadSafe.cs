using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using EngramDb.Embedding;
using EngramDb.Storage;
using EngramDb.Threading;

namespace EngramDb;

/// <summary>
/// Entry point of the safe pattern: a context that can be shared between threads and hands each thread its own
/// <see cref="Database"/> handle.
/// </summary>
/// <remarks>
/// The C# counterpart of EngramDB's Python <c>get_thread_safe_context()</c>, without its defects: errors are
/// never replaced by an in-memory store, failed saves never return a made-up id, handles are kept per
/// (thread, path) rather than one per thread whatever the path, and opening a handle does not rescan the store.
/// </remarks>
public static class EngramThreadSafe
{
    /// <summary>Environment variable naming the default store directory.</summary>
    public const string PathEnvironmentVariable = "ENGRAMDB_PATH";

    /// <summary>Store directory used when neither a path nor <see cref="PathEnvironmentVariable"/> is given.</summary>
    public const string DefaultPath = "agent_memory.engramdb";

    private static readonly ConcurrentDictionary<string, PerThread<Database>> s_handlesByPath = new(StoreDirectory.PathComparer);

    static EngramThreadSafe()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => DisposeAllHandles();
    }

    /// <summary>
    /// Returns a context for the store at <paramref name="dbPath"/> that is safe to share between threads;
    /// its <see cref="ThreadSafeAgentContext.Db"/> is the calling thread's handle.
    /// </summary>
    /// <param name="dbPath">Store directory; defaults to <c>ENGRAMDB_PATH</c>, else <see cref="DefaultPath"/>.</param>
    /// <param name="chatId">Conversation the context's messages belong to; a new id when omitted.</param>
    /// <exception cref="ArgumentException">The path is empty or not a valid path.</exception>
    /// <exception cref="System.IO.IOException">The path names an existing regular file.</exception>
    /// <remarks>
    /// Text is embedded by <see cref="HashingTextEmbedder.Default"/>; use <see cref="ThreadSafeAgentContext.WithEmbedder"/>
    /// for another embedder.
    /// </remarks>
    public static ThreadSafeAgentContext GetThreadSafeContext(string? dbPath = null, string? chatId = null)
    {
        var fullPath = StoreDirectory.ResolveDirectory(dbPath ?? DefaultStorePath(), nameof(dbPath));
        var handles = s_handlesByPath.GetOrAdd(fullPath, path => new PerThread<Database>(() => Database.FileBased(path)));
        return new ThreadSafeAgentContext(fullPath, chatId ?? Guid.NewGuid().ToString(), HashingTextEmbedder.Default, handles);
    }

    private static string DefaultStorePath()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(PathEnvironmentVariable);
        return string.IsNullOrEmpty(fromEnvironment) ? DefaultPath : fromEnvironment!;
    }

    private static void DisposeAllHandles()
    {
        List<Exception>? failures = null;
        foreach (var handles in s_handlesByPath.Values)
        {
            try
            {
                handles.Dispose();
            }
            catch (Exception ex)
            {
                // Every store still gets its handles disposed; the failures are reported together below.
                (failures ??= new List<Exception>()).Add(ex);
            }
        }

        if (failures is not null)
        {
            throw new AggregateException("Disposing the thread-safe contexts' handles at process exit failed.", failures);
        }
    }
}
