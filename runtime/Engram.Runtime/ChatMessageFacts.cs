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

    /// <summary>Whether a node is a chat message at all: its memory type is <c>message</c> and it names a chat.</summary>
    /// <param name="stringAttribute">The node's attribute of a key when it is a string, else null.</param>
    public static bool IsMessage(Func<string, string?> stringAttribute) =>
        stringAttribute(MemoryTypeKey) == ThreadSafeAgentContext.MessageMemoryType && stringAttribute(ChatIdKey) is not null;

    /// <summary>
    /// The message's facts; a message node without a role or content, or with a timestamp that is not ISO-8601, throws,
    /// naming the node and where it is. A message without a timestamp counts as older than every timestamped one (as
    /// EngramDB's Python agent sorts it), with an empty <see cref="Timestamp"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">The message lacks a field.</exception>
    public static ChatMessageFacts Read(Guid id, Func<string, string?> stringAttribute, string location)
    {
        string Required(string key) =>
            stringAttribute(key) ?? throw new InvalidDataException($"Message node {id} ({location}) has no string attribute '{key}'.");

        var timestamp = stringAttribute(TimestampKey) ?? string.Empty;
        var at = DateTimeOffset.MinValue;
        if (timestamp.Length > 0 && !DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out at))
        {
            throw new InvalidDataException($"Message node {id} ({location}) has a timestamp that is not ISO-8601: '{timestamp}'.");
        }

        return new ChatMessageFacts(Required(ChatIdKey), at, Required(RoleKey), Required(ContentKey), timestamp);
    }

    public ChatMessage ToChatMessage(Guid id) => new(id, Role, Content, Timestamp);
}
