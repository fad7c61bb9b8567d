using System;
using System.Globalization;
using EngramDb;
using EngramDb.Embedding;

namespace Engram.Runtime.Benchmarks;

internal static class MessageNodes
{
    /// <summary>
    /// The node <see cref="ThreadSafeAgentContext.StoreMessage"/> stores (same embedder, same attributes in the same
    /// order), so that the variants which bypass the context do the same work per message.
    /// </summary>
    public static MemoryNode Create(string chatId, string role, string content)
    {
        var node = new MemoryNode(HashingTextEmbedder.Default.Embed(content));
        node.SetAttribute("memory_type", ThreadSafeAgentContext.MessageMemoryType);
        node.SetAttribute("content", content);
        node.SetAttribute("chat_id", chatId);
        node.SetAttribute("timestamp", DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture));
        node.SetAttribute("role", role);
        return node;
    }
}
