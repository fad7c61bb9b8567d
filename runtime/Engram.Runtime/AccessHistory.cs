using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using EngramDb.Storage;

namespace EngramDb;

/// <summary>
/// The usage statistics EngramDB keeps for a node (its <c>access_patterns</c>); read-only here and kept as written
/// when the node is saved back.
/// </summary>
/// <remarks>Counts and timestamps are unsigned 64-bit, as in EngramDB (<c>u64</c>, <c>usize</c>).</remarks>
public sealed class AccessHistory
{
    private AccessHistory(ulong accessCount, ulong? lastAccessTimestamp, IReadOnlyList<ulong> recentAccesses, ulong maxRecentAccesses)
    {
        AccessCount = accessCount;
        LastAccessTimestamp = lastAccessTimestamp;
        RecentAccesses = recentAccesses;
        MaxRecentAccesses = maxRecentAccesses;
    }

    /// <summary>How many accesses EngramDB recorded.</summary>
    public ulong AccessCount { get; }

    /// <summary>When the node was last accessed (Unix seconds), or <see langword="null"/> when never.</summary>
    public ulong? LastAccessTimestamp { get; }

    /// <summary>The most recent access times (Unix seconds), oldest first.</summary>
    public IReadOnlyList<ulong> RecentAccesses { get; }

    /// <summary>How many recent access times EngramDB keeps.</summary>
    public ulong MaxRecentAccesses { get; }

    internal static AccessHistory Read(JsonNode? json, string field)
    {
        var history = json.RequireObject(field);
        var recent = history.RequireProperty("recent_accesses", $"{field}.recent_accesses").RequireArray($"{field}.recent_accesses");
        return new AccessHistory(
            history.RequireProperty("access_count", $"{field}.access_count").RequireUInt64($"{field}.access_count"),
            history.OptionalProperty("last_access_timestamp") is { } last ? last.RequireUInt64($"{field}.last_access_timestamp") : null,
            Array.AsReadOnly(recent.Select((access, i) => access.RequireUInt64($"{field}.recent_accesses[{i}]")).ToArray()),
            history.RequireProperty("max_recent_accesses", $"{field}.max_recent_accesses").RequireUInt64($"{field}.max_recent_accesses"));
    }
}
