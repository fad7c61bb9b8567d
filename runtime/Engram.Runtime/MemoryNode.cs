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
/// EngramDB wrote keeps every field, including ones this library does not know. A node written by EngramDB before
/// April 2025 (<c>"embeddings":[…]</c> instead of <c>"embedding_type"</c>) loads as a single vector and is written in
/// the current format when it is saved.
/// </para>
/// <para>
/// A loaded node remembers the stored version it came from, so <see cref="Database.Save"/> can tell what changed in
/// the store since (see there). After a save the node holds exactly what was stored, changes merged in from the store
/// included.
/// </para>
/// </remarks>
public sealed class MemoryNode
{
    private State _state;

    /// <summary>Creates a node with a new random id, the given embeddings and the current time as creation time.</summary>
    /// <param name="embeddings">The vector representation of the memory; copied. May be empty.</param>
    /// <exception cref="ArgumentNullException"><paramref name="embeddings"/> is null.</exception>
    /// <exception cref="ArgumentException">An element is NaN or infinite, which JSON cannot hold.</exception>
    public MemoryNode(float[] embeddings)
        : this(NodeJson.NewNode(Guid.NewGuid(), RequireFinite(embeddings), (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds()), storedJson: null, storedIn: null)
    {
    }

    private MemoryNode(JsonObject document, byte[]? storedJson, object? storedIn)
    {
        _state = State.Read(document);
        Id = _state.Id;
        StoredJson = storedJson;
        StoredIn = storedIn;
    }

    /// <summary>The node's id; also the name of its file in a file-based store.</summary>
    public Guid Id { get; }

    /// <summary>
    /// The node's vector (EngramDB's <c>SingleVector</c> embedding, or the <c>embeddings</c> array of an older node).
    /// Empty when the node has none, or when EngramDB stored another kind of embedding, which is kept unchanged on save.
    /// </summary>
    public IReadOnlyList<float> Embeddings => _state.Embeddings;

    /// <summary>When the node was created, in seconds since the Unix epoch (unsigned 64-bit, as in EngramDB).</summary>
    public ulong CreationTimestamp => _state.CreationTimestamp;

    /// <summary>The node's outgoing connections, in stored order. Change them with <see cref="Database.Connect"/> and <see cref="Database.Disconnect"/>.</summary>
    public IReadOnlyList<MemoryConnection> Connections => _state.Connections;

    /// <summary>Earlier versions of the node that EngramDB recorded, oldest first.</summary>
    public IReadOnlyList<TemporalLayer> TemporalLayers => _state.TemporalLayers;

    /// <summary>The access statistics EngramDB recorded for the node.</summary>
    public AccessHistory AccessPatterns => _state.AccessPatterns;

    /// <summary>The keys of the node's attributes.</summary>
    public IReadOnlyCollection<string> AttributeKeys => _state.Attributes.Select(attribute => attribute.Key).ToList();

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

        _state.Attributes[key] = AttributeValueCodec.Encode(key, value);
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

        return _state.Attributes.TryGetPropertyValue(key, out var value)
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

        return _state.Attributes.Remove(key);
    }

    /// <inheritdoc />
    public override string ToString() => $"MemoryNode {Id}";

    /// <summary>
    /// Wraps a parsed node file whose bytes were <paramref name="storedJson"/>; throws
    /// <see cref="System.IO.InvalidDataException"/> naming the field when it does not have EngramDB's shape.
    /// </summary>
    internal static MemoryNode FromStored(JsonObject document, byte[] storedJson, object storedIn) => new(document, storedJson, storedIn);

    /// <summary>The stored file this copy was loaded from or last saved as; null for a node that was never stored.</summary>
    internal byte[]? StoredJson { get; private set; }

    /// <summary>The store (<see cref="Storage.NodeStore.StoreKey"/>) that <see cref="StoredJson"/> came from.</summary>
    internal object? StoredIn { get; private set; }

    /// <summary>The node's JSON in the current format (an older node's <c>embeddings</c> becomes <c>embedding_type</c>), not shared with the node.</summary>
    internal JsonObject ToCurrentDocument() => NodeJson.InCurrentFormat(_state.Document);

    /// <summary>The node file's bytes: one line of JSON in serde's shape, in the current format.</summary>
    internal byte[] ToUtf8Json() => SerdeJsonWriter.ToUtf8Bytes(NodeJson.InCurrentFormat(_state.Document));

    /// <summary>Makes this node what was just stored: <paramref name="document"/>, written as <paramref name="storedJson"/>.</summary>
    internal void Adopt(JsonObject document, byte[] storedJson, object storedIn)
    {
        var state = State.Read(document);
        _state = state.Id == Id ? state : throw new System.IO.InvalidDataException($"It holds node {state.Id} instead of {Id}.");
        StoredJson = storedJson;
        StoredIn = storedIn;
    }

    /// <summary>Adds a connection, or updates the strength of the one with the same target and relationship type.</summary>
    internal void AddOrUpdateConnection(Guid targetId, string relationshipType, float strength, ulong now)
    {
        var existing = _state.Connections
            .Select((connection, index) => (connection, index))
            .FirstOrDefault(c => c.connection.TargetId == targetId && c.connection.HasRelationship(relationshipType));
        if (existing.connection is not null)
        {
            _state.ConnectionsJson[existing.index]!.AsObject()["strength"] = strength;
        }
        else
        {
            _state.ConnectionsJson.Add(MemoryConnection.NewJson(targetId, relationshipType, strength, now));
        }

        _state.ReadConnections();
    }

    /// <summary>Removes every connection to <paramref name="targetId"/>.</summary>
    /// <returns>Whether any was removed.</returns>
    internal bool RemoveConnectionsTo(Guid targetId)
    {
        var removed = false;
        for (var i = _state.Connections.Count - 1; i >= 0; i--)
        {
            if (_state.Connections[i].TargetId == targetId)
            {
                _state.ConnectionsJson.RemoveAt(i);
                removed = true;
            }
        }

        _state.ReadConnections();
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

    /// <summary>The node's JSON and the typed views read from it, replaced whole when the node adopts a stored version.</summary>
    private sealed class State
    {
        private State(JsonObject document)
        {
            Document = document;
            Id = document.RequireProperty(NodeJson.Id).RequireGuid(NodeJson.Id);
            Embeddings = Array.AsReadOnly(ReadEmbeddings(document));
            ConnectionsJson = document.RequireProperty(NodeJson.Connections).RequireArray(NodeJson.Connections);
            Connections = ReadConnections(ConnectionsJson);
            TemporalLayers = Array.AsReadOnly(document.RequireProperty(NodeJson.TemporalLayers)
                .RequireArray(NodeJson.TemporalLayers)
                .Select((layer, i) => TemporalLayer.Read(layer, $"{NodeJson.TemporalLayers}[{i}]"))
                .ToArray());
            Attributes = document.RequireProperty(NodeJson.Attributes).RequireObject(NodeJson.Attributes);
            // Decoded once now so that a malformed attribute fails the load, whose error names the file, not a later read.
            AttributeValueCodec.DecodeMap(Attributes, NodeJson.Attributes);
            CreationTimestamp = document.RequireProperty(NodeJson.CreationTimestamp).RequireUInt64(NodeJson.CreationTimestamp);
            AccessPatterns = AccessHistory.Read(document.RequireProperty(NodeJson.AccessPatterns), NodeJson.AccessPatterns);
        }

        public JsonObject Document { get; }

        public Guid Id { get; }

        public IReadOnlyList<float> Embeddings { get; }

        public JsonArray ConnectionsJson { get; }

        public IReadOnlyList<MemoryConnection> Connections { get; private set; }

        public IReadOnlyList<TemporalLayer> TemporalLayers { get; }

        public JsonObject Attributes { get; }

        public ulong CreationTimestamp { get; }

        public AccessHistory AccessPatterns { get; }

        public static State Read(JsonObject document) => new(document);

        /// <summary>Reads <see cref="Connections"/> again after <see cref="ConnectionsJson"/> changed.</summary>
        public void ReadConnections() => Connections = ReadConnections(ConnectionsJson);

        private static float[] ReadEmbeddings(JsonObject document)
        {
            if (NodeJson.IsOlderFormat(document))
            {
                return document.RequireProperty(NodeJson.OlderEmbeddings).RequireFloat32Array(NodeJson.OlderEmbeddings);
            }

            var embedding = document.RequireProperty(NodeJson.EmbeddingType).RequireObject(NodeJson.EmbeddingType);
            return embedding.TryGetPropertyValue(NodeJson.SingleVector, out var vector)
                ? vector.RequireFloat32Array($"{NodeJson.EmbeddingType}.{NodeJson.SingleVector}")
                : Array.Empty<float>();
        }

        private static IReadOnlyList<MemoryConnection> ReadConnections(JsonArray connections) =>
            Array.AsReadOnly(connections.Select((connection, i) => MemoryConnection.Read(connection, $"{NodeJson.Connections}[{i}]")).ToArray());
    }
}
