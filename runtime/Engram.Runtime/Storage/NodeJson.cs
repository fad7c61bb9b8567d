using System;
using System.IO;
using System.Linq;
using System.Text;
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

    /// <summary>Where EngramDB before April 2025 kept a node's vector, in place of <see cref="EmbeddingType"/>.</summary>
    public const string OlderEmbeddings = "embeddings";

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // serde_json's own recursion limit is 128; leave room for deeply nested attribute maps.
    private static readonly JsonDocumentOptions s_documentOptions = new() { MaxDepth = 256 };

    /// <summary>A new node as EngramDB's <c>MemoryNode::new</c> creates it.</summary>
    public static JsonObject NewNode(Guid id, float[] embeddings, ulong creationTimestamp) => new()
    {
        [Id] = id.ToString(),
        [EmbeddingType] = new JsonObject { [SingleVector] = Float32Array(embeddings) },
        [Connections] = new JsonArray(),
        [TemporalLayers] = new JsonArray(),
        [Attributes] = new JsonObject(),
        [CreationTimestamp] = creationTimestamp,
        [AccessPatterns] = new JsonObject
        {
            ["access_count"] = 0UL,
            ["last_access_timestamp"] = null,
            ["recent_accesses"] = new JsonArray(),
            ["max_recent_accesses"] = 10UL,
        },
    };

    public static JsonArray Float32Array(float[] values) =>
        new(values.Select(value => (JsonNode)JsonValue.Create(value)).ToArray());

    /// <summary>Whether <paramref name="document"/> is a node of EngramDB before April 2025: <c>embeddings</c> and no <c>embedding_type</c>.</summary>
    /// <remarks>EngramDB itself reads <c>embedding_type</c> and ignores any other field, so a node with both is in the current format.</remarks>
    public static bool IsOlderFormat(JsonObject document) =>
        !document.ContainsKey(EmbeddingType) && document.ContainsKey(OlderEmbeddings);

    /// <summary>
    /// A copy of <paramref name="document"/> in the current format: an older node's <c>embeddings</c> array becomes
    /// <c>"embedding_type":{"SingleVector":[…]}</c> in the same place, every other field as it was.
    /// </summary>
    public static JsonObject InCurrentFormat(JsonObject document)
    {
        var current = new JsonObject();
        var older = IsOlderFormat(document);
        foreach (var property in document)
        {
            if (older && property.Key == OlderEmbeddings)
            {
                current[EmbeddingType] = new JsonObject { [SingleVector] = property.Value?.DeepClone() };
            }
            else
            {
                current[property.Key] = property.Value?.DeepClone();
            }
        }

        return current;
    }

    /// <summary>Parses a node file's bytes; anything but well-formed UTF-8 JSON holding an object throws <see cref="InvalidDataException"/>.</summary>
    public static JsonObject Parse(byte[] utf8Json)
    {
        RequireUtf8(utf8Json);
        try
        {
            var root = JsonNode.Parse(utf8Json, nodeOptions: null, s_documentOptions);
            var document = root.RequireObject("the file's top level");
            MaterializeAll(document, "the file's top level");
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

    /// <summary>Throws <see cref="InvalidDataException"/> unless the bytes are UTF-8: serde_json reads str, so EngramDB refuses such a file too.</summary>
    public static void RequireUtf8(byte[] bytes)
    {
        try
        {
            s_strictUtf8.GetCharCount(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw new InvalidDataException($"The file is not valid UTF-8 (at byte {ex.Index}): EngramDB node files are UTF-8 JSON.", ex);
        }
    }

    // JsonObject reads its properties lazily, and a string's escapes are decoded only when it is read; touching every
    // name and string now makes a repeated name or a lone surrogate escape (such as \ud800, which serde_json refuses
    // too) fail here, while the file path is known, instead of in some later read or save.
    private static void MaterializeAll(JsonNode? node, string field)
    {
        switch (node)
        {
            case JsonObject jsonObject:
                foreach (var property in Properties(jsonObject, field))
                {
                    MaterializeAll(property.Value, $"{field}.{property.Key}");
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    MaterializeAll(array[i], $"{field}[{i}]");
                }

                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                ReadString(value, field);
                break;
        }
    }

    private static System.Collections.Generic.List<System.Collections.Generic.KeyValuePair<string, JsonNode?>> Properties(JsonObject jsonObject, string field)
    {
        try
        {
            return jsonObject.ToList();
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidDataException($"A property name in '{field}' is not valid Unicode (a lone UTF-16 surrogate escape?): {ex.Message}", ex);
        }
    }

    private static void ReadString(JsonValue value, string field)
    {
        try
        {
            value.GetValue<string>();
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidDataException($"'{field}' is not valid Unicode (a lone UTF-16 surrogate escape?): {ex.Message}", ex);
        }
    }
}
