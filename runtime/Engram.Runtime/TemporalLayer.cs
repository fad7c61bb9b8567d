using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using EngramDb.Storage;

namespace EngramDb;

/// <summary>
/// A time-stamped earlier version of a <see cref="MemoryNode"/> that EngramDB recorded (read-only here; kept as
/// written when the node is saved back).
/// </summary>
public sealed class TemporalLayer
{
    private TemporalLayer(Guid id, ulong timestamp, IReadOnlyList<float>? embeddings, IReadOnlyDictionary<string, object?>? attributes, string reason)
    {
        Id = id;
        Timestamp = timestamp;
        Embeddings = embeddings;
        Attributes = attributes;
        Reason = reason;
    }

    /// <summary>The layer's id.</summary>
    public Guid Id { get; }

    /// <summary>When the layer was recorded, in seconds since the Unix epoch (unsigned 64-bit, as in EngramDB).</summary>
    public ulong Timestamp { get; }

    /// <summary>The embeddings at that time, or <see langword="null"/> when the layer did not record them.</summary>
    public IReadOnlyList<float>? Embeddings { get; }

    /// <summary>
    /// The attributes at that time (values as <see cref="MemoryNode.GetAttribute"/> returns them), or
    /// <see langword="null"/> when the layer did not record them.
    /// </summary>
    public IReadOnlyDictionary<string, object?>? Attributes { get; }

    /// <summary>Why the layer was recorded, for example <c>Embedding update</c>.</summary>
    public string Reason { get; }

    internal static TemporalLayer Read(JsonNode? json, string field)
    {
        var layer = json.RequireObject(field);
        var embeddings = layer.OptionalProperty("embeddings");
        var attributes = layer.OptionalProperty("attributes");
        return new TemporalLayer(
            layer.RequireProperty("id", $"{field}.id").RequireGuid($"{field}.id"),
            layer.RequireProperty("timestamp", $"{field}.timestamp").RequireUInt64($"{field}.timestamp"),
            embeddings is null ? null : Array.AsReadOnly(embeddings.RequireFloat32Array($"{field}.embeddings")),
            attributes is null ? null : AttributeValueCodec.DecodeMap(attributes.RequireObject($"{field}.attributes"), $"{field}.attributes"),
            layer.RequireProperty("reason", $"{field}.reason").RequireString($"{field}.reason"));
    }
}
