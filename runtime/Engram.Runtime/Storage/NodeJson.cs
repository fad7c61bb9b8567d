using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EngramDb.Storage;

/// <summary>
/// EngramDB's node file: the serde field names, the JSON of a new node, and parsing a file into a
/// <see cref="JsonObject"/> that is kept whole so that saving it back preserves every field.
/// </summary>
internal static class NodeJson
{
    public const string Id = "id";
    public const string EmbeddingType = "embedding_type";
    public const string SingleVector = "SingleVector";
    public const string Connections = "connections";
    public const string TemporalLayers = "temporal_layers";
    public const string Attributes = "attributes";
    public const string CreationTimestamp = "creation_timestamp";
    public const string AccessPatterns = "access_patterns";

    // serde_json's own recursion limit is 128; leave room for deeply nested attribute maps.
    private static readonly JsonDocumentOptions s_documentOptions = new() { MaxDepth = 256 };

    /// <summary>A new node as EngramDB's <c>MemoryNode::new</c> creates it.</summary>
    public static JsonObject NewNode(Guid id, float[] embeddings, long creationTimestamp) => new()
    {
        [Id] = id.ToString(),
        [EmbeddingType] = new JsonObject { [SingleVector] = Float32Array(embeddings) },
        [Connections] = new JsonArray(),
        [TemporalLayers] = new JsonArray(),
        [Attributes] = new JsonObject(),
        [CreationTimestamp] = creationTimestamp,
        [AccessPatterns] = new JsonObject
        {
            ["access_count"] = 0L,
            ["last_access_timestamp"] = null,
            ["recent_accesses"] = new JsonArray(),
            ["max_recent_accesses"] = 10L,
        },
    };

    public static JsonArray Float32Array(float[] values) =>
        new(values.Select(value => (JsonNode)JsonValue.Create(value)).ToArray());

    /// <summary>Parses a node file's bytes; anything but a well-formed JSON object throws <see cref="InvalidDataException"/>.</summary>
    public static JsonObject Parse(byte[] utf8Json)
    {
        try
        {
            var root = JsonNode.Parse(utf8Json, nodeOptions: null, s_documentOptions);
            var document = root.RequireObject("the file's top level");
            MaterializeAll(document);
            return document;
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"The file is not valid JSON: {ex.Message}", ex);
        }
        catch (ArgumentException ex)
        {
            // JsonObject throws ArgumentException (not JsonException) when it meets a property name twice.
            throw new InvalidDataException($"The file's JSON cannot be read as a node (a property name may be repeated): {ex.Message}", ex);
        }
    }

    // JsonObject reads its properties lazily; touching all of them now makes a repeated property name fail here,
    // while the file path is known, instead of on some later save.
    private static void MaterializeAll(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject jsonObject:
                foreach (var property in jsonObject)
                {
                    MaterializeAll(property.Value);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    MaterializeAll(item);
                }

                break;
        }
    }
}
