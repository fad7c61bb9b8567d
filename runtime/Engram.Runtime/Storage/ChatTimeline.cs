using System;
using System.Collections.Generic;

namespace EngramDb.Storage;

/// <summary>
/// One chat's messages in the index, oldest first, in one array of keys: a new message usually goes at the end, and
/// the array holds no references, so a chat of 100,000 messages costs the garbage collector nothing to trace.
/// </summary>
/// <remarks>
/// While the index is built, keys are appended in any order (<see cref="Append"/>) and sorted once (<see cref="Sort"/>).
/// </remarks>
internal sealed class ChatTimeline
{
    private readonly List<MessageKey> _messages = new();
    private bool _sorted = true;

    public ChatTimeline(string chatId)
    {
        ChatId = chatId;
    }

    public string ChatId { get; }

    public int Count => _messages.Count;

    /// <summary>Adds a message in its place.</summary>
    public void Add(MessageKey key)
    {
        if (!_sorted)
        {
            Append(key);
            return;
        }

        if (_messages.Count == 0 || MessageKey.OldestFirst.Compare(_messages[_messages.Count - 1], key) < 0)
        {
            _messages.Add(key);
            return;
        }

        var index = _messages.BinarySearch(key, MessageKey.OldestFirst);
        _messages.Insert(index < 0 ? ~index : index, key);
    }

    /// <summary>Adds a message in no particular place; <see cref="Sort"/> puts every one in its place.</summary>
    public void Append(MessageKey key)
    {
        _messages.Add(key);
        _sorted = false;
    }

    public void Sort()
    {
        if (!_sorted)
        {
            _messages.Sort(MessageKey.OldestFirst);
            _sorted = true;
        }
    }

    public void Remove(MessageKey key)
    {
        var at = _sorted ? _messages.BinarySearch(key, MessageKey.OldestFirst) : _messages.IndexOf(key);
        if (at >= 0)
        {
            _messages.RemoveAt(at);
        }
    }

    /// <summary>Ids newest first, from position <paramref name="skip"/>.</summary>
    public List<Guid> Newest(int skip, int take)
    {
        var ids = new List<Guid>();
        for (var at = _messages.Count - 1 - Math.Max(skip, 0); at >= 0 && ids.Count < take; at--)
        {
            ids.Add(_messages[at].Id);
        }

        return ids;
    }
}

/// <summary>A message's place in its chat: by timestamp, then creation time, then id (the newest first has the lowest id).</summary>
internal readonly struct MessageKey : IEquatable<MessageKey>
{
    public static readonly IComparer<MessageKey> OldestFirst = Comparer<MessageKey>.Create((a, b) =>
        a.AtTicks != b.AtTicks ? a.AtTicks.CompareTo(b.AtTicks)
        : a.CreationTimestamp != b.CreationTimestamp ? a.CreationTimestamp.CompareTo(b.CreationTimestamp)
        : b.Id.CompareTo(a.Id));

    public MessageKey(long atTicks, ulong creationTimestamp, Guid id)
    {
        AtTicks = atTicks;
        CreationTimestamp = creationTimestamp;
        Id = id;
    }

    public long AtTicks { get; }

    public ulong CreationTimestamp { get; }

    public Guid Id { get; }

    public bool Equals(MessageKey other) => AtTicks == other.AtTicks && CreationTimestamp == other.CreationTimestamp && Id == other.Id;

    public override bool Equals(object? obj) => obj is MessageKey other && Equals(other);

    public override int GetHashCode() => Id.GetHashCode();
}
