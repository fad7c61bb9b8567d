using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace EngramDb.Storage;

/// <summary>
/// The three-way merge behind <see cref="NodeStore.Save"/>: the version a copy was loaded from (base), the copy
/// (mine) and what is stored now (theirs). Each attribute, each connection and every other top-level field is one
/// part: a part only one side changed takes that side's value; a part both changed to different values is a conflict.
/// </summary>
/// <remarks>
/// Connections are told apart by target and relationship type (the n-th such connection when EngramDB stored
/// several). Values compare by their JSON text as this library writes it.
/// </remarks>
internal static class NodeMerge
{
    /// <summary>Theirs with my changes applied.</summary>
    /// <exception cref="NodeConflictException">Both sides changed a part differently; it names the node and the parts.</exception>
    public static JsonObject Merge(Guid id, JsonObject based, JsonObject mine, JsonObject theirs)
    {
        var result = (JsonObject)theirs.DeepClone();
        var conflicts = new List<string>();
        foreach (var key in UnionOfKeys(based, mine))
        {
            switch (key)
            {
                case NodeJson.Attributes:
                    MergeAttributes(result, based, mine, theirs, conflicts);
                    break;
                case NodeJson.Connections:
                    MergeConnections(result, based, mine, theirs, conflicts);
                    break;
                default:
                    MergePart(result, key, based, mine, theirs, conflicts, $"field '{key}'");
                    break;
            }
        }

        return conflicts.Count == 0 ? result : throw new NodeConflictException(id, conflicts);
    }

    private static void MergeAttributes(JsonObject result, JsonObject based, JsonObject mine, JsonObject theirs, List<string> conflicts)
    {
        var baseAttributes = (JsonObject)based[NodeJson.Attributes]!;
        var myAttributes = (JsonObject)mine[NodeJson.Attributes]!;
        var theirAttributes = (JsonObject)theirs[NodeJson.Attributes]!;
        var resultAttributes = (JsonObject)result[NodeJson.Attributes]!;
        foreach (var key in UnionOfKeys(baseAttributes, myAttributes))
        {
            MergePart(resultAttributes, key, baseAttributes, myAttributes, theirAttributes, conflicts, $"attribute '{key}'");
        }
    }

    private static void MergeConnections(JsonObject result, JsonObject based, JsonObject mine, JsonObject theirs, List<string> conflicts)
    {
        var baseConnections = Keyed((JsonArray)based[NodeJson.Connections]!);
        var myConnections = Keyed((JsonArray)mine[NodeJson.Connections]!);
        var theirConnections = Keyed((JsonArray)theirs[NodeJson.Connections]!);
        var merged = theirConnections.Select(c => (c.Key, Value: (JsonNode?)c.Value)).ToList();
        foreach (var key in myConnections.Select(c => c.Key).Union(baseConnections.Select(c => c.Key)))
        {
            var baseText = TextOrAbsent(Find(baseConnections, key));
            var mineValue = Find(myConnections, key);
            var mineText = TextOrAbsent(mineValue);
            var theirText = TextOrAbsent(Find(theirConnections, key));
            if (mineText == baseText || mineText == theirText)
            {
                continue;
            }

            if (theirText != baseText)
            {
                conflicts.Add($"connection {key}");
                continue;
            }

            var at = merged.FindIndex(c => c.Key == key);
            if (mineValue is null)
            {
                merged.RemoveAt(at);
            }
            else if (at >= 0)
            {
                merged[at] = (key, mineValue.DeepClone());
            }
            else
            {
                merged.Add((key, mineValue.DeepClone()));
            }
        }

        result[NodeJson.Connections] = new JsonArray(merged.Select(c => c.Value?.DeepClone()).ToArray());
    }

    // One part of an object: my change (a new value, or a removal) wins unless theirs changed it to something else.
    private static void MergePart(JsonObject result, string key, JsonObject based, JsonObject mine, JsonObject theirs, List<string> conflicts, string part)
    {
        var baseText = PartText(based, key);
        var mineText = PartText(mine, key);
        var theirText = PartText(theirs, key);
        if (mineText == baseText || mineText == theirText)
        {
            return;
        }

        if (theirText != baseText)
        {
            conflicts.Add(part);
        }
        else if (mine.TryGetPropertyValue(key, out var value))
        {
            result[key] = value?.DeepClone();
        }
        else
        {
            result.Remove(key);
        }
    }

    // Connections with their identity: target and relationship type, and which of several such ones.
    private static List<KeyValuePair<string, JsonNode>> Keyed(JsonArray connections)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var keyed = new List<KeyValuePair<string, JsonNode>>();
        foreach (var connection in connections.OfType<JsonObject>())
        {
            var identity = $"to {PartText(connection, "target_id")} ({PartText(connection, "relationship_type")})";
            seen[identity] = seen.TryGetValue(identity, out var count) ? count + 1 : 1;
            keyed.Add(new KeyValuePair<string, JsonNode>(count == 0 ? identity : $"{identity} #{count + 1}", connection));
        }

        return keyed;
    }

    private static JsonNode? Find(List<KeyValuePair<string, JsonNode>> keyed, string key) =>
        keyed.FirstOrDefault(c => c.Key == key).Value;

    private static IEnumerable<string> UnionOfKeys(JsonObject first, JsonObject second) =>
        first.Select(p => p.Key).Union(second.Select(p => p.Key), StringComparer.Ordinal).ToList();

    // Null when the object lacks the property: a property removed is a change, even from JSON null.
    private static string? PartText(JsonObject jsonObject, string key) =>
        jsonObject.TryGetPropertyValue(key, out var value) ? SerdeJsonWriter.ToText(value) : null;

    private static string? TextOrAbsent(JsonNode? node) => node is null ? null : SerdeJsonWriter.ToText(node);
}
