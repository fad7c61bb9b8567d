using System;

namespace EngramDb;

/// <summary>A message stored by <see cref="ThreadSafeAgentContext.StoreMessage"/>.</summary>
public sealed class ChatMessage
{
    /// <summary>Creates a message as read back from the store.</summary>
    public ChatMessage(Guid id, string role, string content, string timestamp)
    {
        Id = id;
        Role = role;
        Content = content;
        Timestamp = timestamp;
    }

    /// <summary>Id of the memory node holding the message.</summary>
    public Guid Id { get; }

    /// <summary>Who said it, for example <c>user</c>, <c>assistant</c> or <c>system</c>.</summary>
    public string Role { get; }

    /// <summary>The message text.</summary>
    public string Content { get; }

    /// <summary>When it was stored, as the ISO-8601 text kept in the node's <c>timestamp</c> attribute; empty for a message stored without one.</summary>
    public string Timestamp { get; }
}
