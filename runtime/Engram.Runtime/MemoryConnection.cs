using System;
using System.Linq;
using System.Text.Json.Nodes;
using EngramDb.Storage;

namespace EngramDb;

/// <summary>A directed, weighted link from a <see cref="MemoryNode"/> to another node, as EngramDB stores it.</summary>
public sealed class MemoryConnection
{
    private const string CustomTag = "Custom";

    private static readonly string[] s_builtInRelationshipTypes = { "Association", "Causation", "PartOf", "Contains", "Sequence" };

    private MemoryConnection(Guid targetId, string relationshipType, bool isCustomRelationship, float strength, ulong creationTimestamp)
    {
        TargetId = targetId;
        RelationshipType = relationshipType;
        IsCustomRelationship = isCustomRelationship;
        Strength = strength;
        CreationTimestamp = creationTimestamp;
    }

    /// <summary>Id of the node this connection points to.</summary>
    public Guid TargetId { get; }

    /// <summary>
    /// The relationship: one of EngramDB's built-in types (<c>Association</c>, <c>Causation</c>, <c>PartOf</c>,
    /// <c>Contains</c>, <c>Sequence</c>) or, when <see cref="IsCustomRelationship"/> is set, a custom type's name.
    /// </summary>
    public string RelationshipType { get; }

    /// <summary>Whether <see cref="RelationshipType"/> is a custom name (stored as <c>{"Custom":"name"}</c>).</summary>
    public bool IsCustomRelationship { get; }

    /// <summary>Strength of the connection, from 0 to 1.</summary>
    public float Strength { get; }

    /// <summary>When the connection was created, in seconds since the Unix epoch (unsigned 64-bit, as in EngramDB).</summary>
    public ulong CreationTimestamp { get; }

    /// <inheritdoc />
    public override string ToString() =>
        $"{(IsCustomRelationship ? "Custom:" : string.Empty)}{RelationshipType} -> {TargetId} ({Strength})";

    /// <summary>Whether this connection has the same relationship type as <paramref name="relationshipType"/> would be stored with.</summary>
    internal bool HasRelationship(string relationshipType) =>
        RelationshipType == relationshipType && IsCustomRelationship == !IsBuiltIn(relationshipType);

    /// <summary>The JSON of a new connection, with fields in serde's order.</summary>
    internal static JsonObject NewJson(Guid targetId, string relationshipType, float strength, ulong creationTimestamp) => new()
    {
        ["target_id"] = targetId.ToString(),
        ["relationship_type"] = IsBuiltIn(relationshipType)
            ? JsonValue.Create(relationshipType)
            : new JsonObject { [CustomTag] = relationshipType },
        ["strength"] = strength,
        ["creation_timestamp"] = creationTimestamp,
    };

    internal static MemoryConnection Read(JsonNode? json, string field)
    {
        var connection = json.RequireObject(field);
        var relationship = connection.RequireProperty("relationship_type", $"{field}.relationship_type");
        var (relationshipType, isCustom) = relationship is JsonObject
            ? (relationship.RequireObject($"{field}.relationship_type")
                .RequireProperty(CustomTag, $"{field}.relationship_type.{CustomTag}")
                .RequireString($"{field}.relationship_type.{CustomTag}"), true)
            : (relationship.RequireString($"{field}.relationship_type"), false);
        return new MemoryConnection(
            connection.RequireProperty("target_id", $"{field}.target_id").RequireGuid($"{field}.target_id"),
            relationshipType,
            isCustom,
            connection.RequireProperty("strength", $"{field}.strength").RequireFloat32($"{field}.strength"),
            connection.RequireProperty("creation_timestamp", $"{field}.creation_timestamp").RequireUInt64($"{field}.creation_timestamp"));
    }

    private static bool IsBuiltIn(string relationshipType) => s_builtInRelationshipTypes.Contains(relationshipType, StringComparer.Ordinal);
}
