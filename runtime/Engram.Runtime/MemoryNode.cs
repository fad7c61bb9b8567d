using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using EngramDb.Storage;

namespace EngramDb;

/// <summary>
/// One memory in an EngramDB store: embeddings, attributes, connections to other nodes, and the temporal layers and
/// access statistics EngramDB records.
/// </summary>
/// <remarks>
/// <para>
/// A node is a plain value: it may be passed between threads (it is not thread-affine), but it is not safe to change
/// from two threads at once. Changes stay in this object until it is passed to <see cref="Database.Save"/>.
/// </para>
/// <para>
/// A node keeps the JSON it was loaded from and changes only what its methods change, so saving a node that
/// EngramDB wrote keeps every field, including ones this library does not know.
/// </para>
/// </remarks>
public sealed class MemoryNode
{
    private readonly JsonObject _document;
    private readonly JsonArray _connectionsJson;
    private readonly JsonObject _attributes;
    private IReadOnlyList<MemoryConnection> _connections;

    /// <summary>Creates a node with a new random id, the given embeddings and the current time as creation time.</summary>
    /// <param name="embeddings">The vector representation of the memory; copied. May be empty.</param>
    /// <exception cref="ArgumentNullException"><paramref name="embeddings"/> is null.</exception>
    /// <exception cref="ArgumentException">An element is NaN or infinite, which JSON cannot hold.</exception>
    public MemoryNode(float[] embeddings)
        : this(NodeJson.NewNode(Guid.NewGuid(), RequireFinite(embeddings), DateTimeOffset.UtcNow.ToUnixTimeSeconds()))
    {
    }

    private MemoryNode(JsonObject document)
    {
        _document = document;
        Id = document.RequireProperty(NodeJson.Id).RequireGuid(NodeJson.Id);
        Embeddings = Array.AsReadOnly(ReadEmbeddings(document));
        _connectionsJson = document.RequireProperty(NodeJson.Connections).RequireArray(NodeJson.Connections);
        _connections = ReadConnections(_connectionsJson);
        TemporalLayers = Array.AsReadOnly(document.RequireProperty(NodeJson.TemporalLayers)
            .RequireArray(NodeJson.TemporalLayers)
            .Select((layer, i) => TemporalLayer.Read(layer, $"{NodeJson.TemporalLayers}[{i}]"))
            .ToArray());
        _attributes = document.RequireProperty(NodeJson.Attributes).RequireObject(NodeJson.Attributes);
        // Decoded once now so that a malformed attribute fails the load, whose error names the file, not a later read.
        AttributeValueCodec.DecodeMap(_attributes, NodeJson.Attributes);
        CreationTimestamp = document.RequireProperty(NodeJson.CreationTimestamp).RequireInt64(NodeJson.CreationTimestamp);
        AccessPatterns = AccessHistory.Read(document.RequireProperty(NodeJson.AccessPatterns), NodeJson.AccessPatterns);
    }

    /// <summary>The node's id; also the name of its file in a file-based store.</summary>
    public Guid Id { get; }

    /// <summary>
    /// The node's vector (EngramDB's <c>SingleVector</c> embedding). Empty when the node has none, or when EngramDB
    /// stored another kind of embedding, which is kept unchanged on save.
    /// </summary>
    public IReadOnlyList<float> Embeddings { get; }

    /// <summary>When the node was created, in seconds since the Unix epoch.</summary>
    public long CreationTimestamp { get; }

    /// <summary>The node's outgoing connections, in stored order. Change them with <see cref="Database.Connect"/> and <see cref="Database.Disconnect"/>.</summary>
    public IReadOnlyList<MemoryConnection> Connections => _connections;

    /// <summary>Earlier versions of the node that EngramDB recorded, oldest first.</summary>
    public IReadOnlyList<TemporalLayer> TemporalLayers { get; }

    /// <summary>The access statistics EngramDB recorded for the node.</summary>
    public AccessHistory AccessPatterns { get; }

    /// <summary>The keys of the node's attributes.</summary>
    public IReadOnlyCollection<string> AttributeKeys => _attributes.Select(attribute => attribute.Key).ToList();

    /// <summary>Sets an attribute, replacing any value the key had.</summary>
    /// <param name="key">The attribute's name.</param>
    /// <param name="value">
    /// A <see cref="string"/>, an integer (<see cref="int"/>, <see cref="long"/> and the other integral types that fit
    /// in 64 signed bits), a <see cref="float"/> or <see cref="double"/>, a <see cref="bool"/>, or a list
    /// (any <see cref="System.Collections.IEnumerable"/>) or string-keyed map (any <see cref="System.Collections.IDictionary"/>,
    /// or any sequence of <see cref="KeyValuePair{TKey, TValue}"/> with string keys, such as
    /// <see cref="IReadOnlyDictionary{TKey, TValue}"/>) of those.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="ArgumentException">The value, or a value inside it, is null or of an unsupported type; the message names the key.</exception>
    public void SetAttribute(string key, object value)
    {
        if (key is null)
        {
            throw new ArgumentNullException(nameof(key));
        }

        if (!key.IsWellFormedUtf16())
        {
            throw new ArgumentException($"Attribute key '{key}' holds a lone UTF-16 surrogate, which UTF-8 (and so EngramDB) cannot store.", nameof(key));
        }

        _attributes[key] = AttributeValueCodec.Encode(key, value);
    }

    /// <summary>
    /// The attribute's value: a <see cref="string"/>, <see cref="long"/>, <see cref="double"/>, <see cref="bool"/>,
    /// <see cref="IReadOnlyList{T}"/> of <see cref="object"/> or <see cref="IReadOnlyDictionary{TKey, TValue}"/> of
    /// <see cref="string"/> to <see cref="object"/>; <see langword="null"/> when the node has no such attribute.
    /// </summary>
    /// <remarks>
    /// An attribute kind this library does not know (written by a newer EngramDB) comes back as a copy of its JSON, a
    /// <see cref="JsonNode"/> such as <c>{"Timestamp":1745000000}</c>; it is kept unchanged when the node is saved.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    public object? GetAttribute(string key)
    {
        if (key is null)
        {
            throw new ArgumentNullException(nameof(key));
        }

        return _attributes.TryGetPropertyValue(key, out var value)
            ? AttributeValueCodec.Decode(value, $"{NodeJson.Attributes}.{key}")
            : null;
    }

    /// <summary>Removes an attribute.</summary>
    /// <returns>Whether the node had the attribute.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    public bool RemoveAttribute(string key)
    {
        if (key is null)
        {
            throw new ArgumentNullException(nameof(key));
        }

        return _attributes.Remove(key);
    }

    /// <inheritdoc />
    public override string ToString() => $"MemoryNode {Id}";

    /// <summary>Wraps a parsed node file; throws <see cref="System.IO.InvalidDataException"/> naming the field when it does not have EngramDB's shape.</summary>
    internal static MemoryNode FromDocument(JsonObject document) => new(document);

    /// <summary>The node file's bytes: one line of JSON in serde's shape.</summary>
    internal byte[] ToUtf8Json() => SerdeJsonWriter.ToUtf8Bytes(_document);

    /// <summary>Adds a connection, or updates the strength of the one with the same target and relationship type.</summary>
    internal void AddOrUpdateConnection(Guid targetId, string relationshipType, float strength, long now)
    {
        var existing = _connections
            .Select((connection, index) => (connection, index))
            .FirstOrDefault(c => c.connection.TargetId == targetId && c.connection.HasRelationship(relationshipType));
        if (existing.connection is not null)
        {
            _connectionsJson[existing.index]!.AsObject()["strength"] = strength;
        }
        else
        {
            _connectionsJson.Add(MemoryConnection.NewJson(targetId, relationshipType, strength, now));
        }

        _connections = ReadConnections(_connectionsJson);
    }

    /// <summary>Removes every connection to <paramref name="targetId"/>.</summary>
    /// <returns>Whether any was removed.</returns>
    internal bool RemoveConnectionsTo(Guid targetId)
    {
        var removed = false;
        for (var i = _connections.Count - 1; i >= 0; i--)
        {
            if (_connections[i].TargetId == targetId)
            {
                _connectionsJson.RemoveAt(i);
                removed = true;
            }
        }

        _connections = ReadConnections(_connectionsJson);
        return removed;
    }

    private static float[] RequireFinite(float[] embeddings)
    {
        if (embeddings is null)
        {
            throw new ArgumentNullException(nameof(embeddings));
        }

        var bad = Array.FindIndex(embeddings, value => float.IsNaN(value) || float.IsInfinity(value));
        return bad < 0
            ? embeddings
            : throw new ArgumentException($"Embedding element {bad} is {embeddings[bad]}; JSON can only hold finite numbers.", nameof(embeddings));
    }

    private static float[] ReadEmbeddings(JsonObject document)
    {
        var embedding = document.RequireProperty(NodeJson.EmbeddingType).RequireObject(NodeJson.EmbeddingType);
        return embedding.TryGetPropertyValue(NodeJson.SingleVector, out var vector)
            ? vector.RequireFloat32Array($"{NodeJson.EmbeddingType}.{NodeJson.SingleVector}")
            : Array.Empty<float>();
    }

    private static IReadOnlyList<MemoryConnection> ReadConnections(JsonArray connections) =>
        Array.AsReadOnly(connections.Select((connection, i) => MemoryConnection.Read(connection, $"{NodeJson.Connections}[{i}]")).ToArray());
}
