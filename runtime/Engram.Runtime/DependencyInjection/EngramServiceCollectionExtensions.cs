using System;
using System.IO;
using EngramDb;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers EngramDB's thread-safe context with a service collection.</summary>
public static class EngramServiceCollectionExtensions
{
    /// <summary>
    /// Registers a <see cref="ThreadSafeAgentContext"/> singleton for the store at <paramref name="dbPath"/>. Inject the
    /// context, not a <see cref="Database"/>: requests run on many threads, and the context's
    /// <see cref="ThreadSafeAgentContext.Db"/> is the calling thread's own handle.
    /// </summary>
    /// <param name="services">The service collection to add to.</param>
    /// <param name="dbPath">Store directory; defaults to <c>ENGRAMDB_PATH</c>, else <see cref="EngramThreadSafe.DefaultPath"/>.</param>
    /// <param name="chatId">Conversation the context's messages belong to; a new id when omitted.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="ArgumentException">The path is empty or not a valid path.</exception>
    /// <exception cref="IOException">The path names an existing regular file.</exception>
    /// <remarks>
    /// The path is resolved here, at registration, so that a bad path fails at start-up rather than on the first request. No handle is opened until a thread first reads <see cref="ThreadSafeAgentContext.Db"/>.
    /// </remarks>
    public static IServiceCollection AddEngramDb(this IServiceCollection services, string? dbPath = null, string? chatId = null)
    {
        if (services is null)
        {
            throw new ArgumentNullException(nameof(services));
        }

        return services.AddSingleton(EngramThreadSafe.GetThreadSafeContext(dbPath, chatId));
    }
}
