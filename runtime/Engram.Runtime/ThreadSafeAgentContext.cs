using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using EngramDb.Embedding;
using EngramDb.Threading;

namespace EngramDb;

/// <summary>
/// Agent memory for one store and one conversation, safe to share between threads: every member works on the
/// calling thread's own <see cref="Database"/> handle.
/// </summary>
/// <remarks>
/// Get one from <see cref="EngramThreadSafe.GetThreadSafeContext"/>. Keep the context, not its <see cref="Db"/>:
/// a handle read from <see cref="Db"/> belongs to the thread that read it.
/// </remarks>
[Sendable]
public sealed class ThreadSafeAgentContext
{
    /// <summary>The <c>memory_type</c> attribute value of chat messages.</summary>
    public const string MessageMemoryType = "message";

    private static readonly HashSet<string> s_reservedAttributes = new(StringComparer.Ordinal)
    {
        ChatMessageFacts.MemoryTypeKey, ChatMessageFacts.ContentKey, ChatMessageFacts.ChatIdKey, ChatMessageFacts.TimestampKey,
    };

    private readonly PerThread<Database> _handles;

    internal ThreadSafeAgentContext(string dbPath, string chatId, ITextEmbedder embedder, PerThread<Database> handles)
    {
        DbPath = dbPath;
        ChatId = chatId;
        Embedder = embedder;
        _handles = handles;
    }

    /// <summary>Full path of the store directory.</summary>
    public string DbPath { get; }

    /// <summary>The conversation this context stores messages for and reads history from.</summary>
    public string ChatId { get; }

    /// <summary>The embedder used for stored memories and text searches.</summary>
    public ITextEmbedder Embedder { get; }

    /// <summary>
    /// A context on the same store and conversation, sharing the same per-thread handles, that embeds text with
    /// <paramref name="embedder"/> (for example a real embedding model) instead of the built-in hashing embedder.
    /// </summary>
    public ThreadSafeAgentContext WithEmbedder(ITextEmbedder embedder) =>
        new(DbPath, ChatId, embedder ?? throw new ArgumentNullException(nameof(embedder)), _handles);

    /// <summary>
    /// The calling thread's handle on <see cref="DbPath"/>: created on this thread's first read, then reused by every
    /// context on the same path. Do not dispose it: once its thread has exited it is disposed the next time any thread opens a
    /// handle on this path, and at process exit.
    /// </summary>
    public Database Db => _handles.Value;

    /// <summary>Stores a chat message in this context's conversation and returns its id.</summary>
    /// <exception cref="IOException">The store cannot be written; nothing is stored and no id is returned.</exception>
    public Guid StoreMessage(string role, string content)
    {
        RequireText(role, nameof(role));
        return Store(MessageMemoryType, content, new Dictionary<string, object> { [ChatMessageFacts.RoleKey] = role });
    }

    /// <summary>
    /// Stores a memory of any kind (for example <c>requirement</c> or <c>component</c>) with optional extra attributes,
    /// and returns its id.
    /// </summary>
    /// <exception cref="ArgumentException">An extra attribute uses a reserved key or a value of an unsupported type.</exception>
    public Guid StoreMemory(string memoryType, string content, IReadOnlyDictionary<string, object>? attributes = null)
    {
        RequireText(memoryType, nameof(memoryType));
        var reservedKey = attributes?.Keys.FirstOrDefault(s_reservedAttributes.Contains);
        if (reservedKey is not null)
        {
            throw new ArgumentException($"Attribute '{reservedKey}' is set by the context and cannot be given.", nameof(attributes));
        }

        return Store(memoryType, content, attributes ?? new Dictionary<string, object>());
    }

    /// <summary>This conversation's messages, newest first (by their timestamp, then creation time), at most <paramref name="limit"/>.</summary>
    /// <remarks>
    /// Read from the store's index of messages by chat and time, so the cost does not grow with the store. A message
    /// without a timestamp counts as older than every timestamped one. A message node that cannot be read, lacks its
    /// role or content, or has a timestamp that is not ISO-8601, is left out and reported (<see cref="Database.UnreadableNodes"/>).
    /// </remarks>
    public IReadOnlyList<ChatMessage> GetChatHistory(int limit = 10)
    {
        if (limit < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "The limit must not be negative.");
        }

        return Db.GetChatHistory(ChatId, limit);
    }

    /// <summary>The stored memories most similar to <paramref name="text"/>, best first, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<(MemoryNode Node, float Similarity)> SearchSimilar(string text, int limit = 5)
    {
        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }

        return Db.SearchSimilarNodes(Embedder.Embed(text), limit, threshold: 0f);
    }

    private Guid Store(string memoryType, string content, IReadOnlyDictionary<string, object> extraAttributes)
    {
        if (content is null)
        {
            throw new ArgumentNullException(nameof(content));
        }

        var node = new MemoryNode(Embedder.Embed(content));
        node.SetAttribute(ChatMessageFacts.MemoryTypeKey, memoryType);
        node.SetAttribute(ChatMessageFacts.ContentKey, content);
        node.SetAttribute(ChatMessageFacts.ChatIdKey, ChatId);
        node.SetAttribute(ChatMessageFacts.TimestampKey, DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture));
        foreach (var attribute in extraAttributes)
        {
            node.SetAttribute(attribute.Key, attribute.Value);
        }

        return Db.Save(node);
    }

    private static void RequireText(string value, string paramName)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException("The value must not be empty.", paramName);
        }
    }
}
