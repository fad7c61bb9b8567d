using System;
using System.Globalization;
using System.IO;

namespace EngramDb;

/// <summary>
/// How a chat message is kept in a node (attributes <c>memory_type</c> = <c>message</c>, <c>chat_id</c>, <c>role</c>,
/// <c>content</c> and an ISO-8601 <c>timestamp</c>), read once for the chat index and for <see cref="ChatMessage"/>.
/// </summary>
internal readonly struct ChatMessageFacts
{
    public const string MemoryTypeKey = "memory_type";
    public const string ChatIdKey = "chat_id";
    public const string TimestampKey = "timestamp";
    public const string RoleKey = "role";
    public const string ContentKey = "content";

    private ChatMessageFacts(string chatId, DateTimeOffset at, string role, string content, string timestamp)
    {
        ChatId = chatId;
        At = at;
        Role = role;
        Content = content;
        Timestamp = timestamp;
    }

    public string ChatId { get; }

    public DateTimeOffset At { get; }

    public string Role { get; }

    public string Content { get; }

    public string Timestamp { get; }

    /// <summary>Whether the node is a chat message at all: its memory type is <c>message</c> and it names a chat.</summary>
    public static bool IsMessage(MemoryNode node) =>
        node.GetAttribute(MemoryTypeKey) as string == ThreadSafeAgentContext.MessageMemoryType && node.GetAttribute(ChatIdKey) is string;

    /// <summary>The message's facts; a message node without a role, content or ISO-8601 timestamp throws, naming the node and where it is.</summary>
    /// <exception cref="InvalidDataException">The message lacks a field.</exception>
    public static ChatMessageFacts Read(MemoryNode node, string location)
    {
        var timestamp = Required(node, TimestampKey, location);
        if (!DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            throw new InvalidDataException($"Message node {node.Id} ({location}) has a timestamp that is not ISO-8601: '{timestamp}'.");
        }

        return new ChatMessageFacts(Required(node, ChatIdKey, location), at, Required(node, RoleKey, location), Required(node, ContentKey, location), timestamp);
    }

    public ChatMessage ToChatMessage(Guid id) => new(id, Role, Content, Timestamp);

    private static string Required(MemoryNode node, string key, string location) =>
        node.GetAttribute(key) as string
        ?? throw new InvalidDataException($"Message node {node.Id} ({location}) has no string attribute '{key}'.");
}
