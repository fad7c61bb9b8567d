using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;

namespace EngramDb.Storage;

/// <summary>
/// What the index keeps of a node file, read in one forward pass of <see cref="Utf8JsonReader"/> that checks every
/// field <see cref="MemoryNode"/> checks when it loads (so the index accepts exactly the files <c>Load</c> accepts)
/// without building a JSON tree: reading a tree of every node costs the index build several times more.
/// </summary>
/// <remarks>
/// The checks follow EngramDB's serde types: required fields present and not null, <c>u64</c> timestamps and counts,
/// 32-bit float vectors, UUIDs, tagged attribute values of the known kinds (unknown kinds pass), optional fields that
/// may be absent or null, no property name twice in an object, no lone surrogate escape, UTF-8 throughout.
/// </remarks>
internal sealed class NodeSummary
{
    private static readonly HashSet<string> s_messageKeys = new(StringComparer.Ordinal)
    {
        ChatMessageFacts.MemoryTypeKey, ChatMessageFacts.ChatIdKey, ChatMessageFacts.TimestampKey, ChatMessageFacts.RoleKey, ChatMessageFacts.ContentKey,
    };

    // Vectors are the bulk of a node file; each thread reads them into one buffer and copies out the exact length.
    private const int MaxScratchFloats = 4096;

    [ThreadStatic]
    private static float[]? t_vectorScratch;

    private readonly Dictionary<string, string> _messageAttributes = new(StringComparer.Ordinal);

    private NodeSummary()
    {
    }

    public Guid Id { get; private set; }

    public float[] Embeddings { get; private set; } = Array.Empty<float>();

    public ulong CreationTimestamp { get; private set; }

    /// <summary>A string attribute among those a chat message uses (<see cref="ChatMessageFacts"/>); null when absent or not a string.</summary>
    public string? MessageAttribute(string key) => _messageAttributes.TryGetValue(key, out var value) ? value : null;

    /// <exception cref="InvalidDataException">The file is not a node as EngramDB writes it; the message names the field.</exception>
    public static NodeSummary Read(byte[] utf8Json)
    {
        NodeJson.RequireUtf8(utf8Json);
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = 256 });
        try
        {
            var summary = new NodeSummary();
            summary.ReadNode(ref reader);
            return summary;
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"The file is not valid JSON: {ex.Message}", ex);
        }
    }

    private void ReadNode(ref Utf8JsonReader reader)
    {
        Next(ref reader, "the file's top level");
        var seen = NewPropertySet();
        float[]? vector = null;
        float[]? olderVector = null;
        var hasEmbeddingType = false;
        ForEachProperty(ref reader, "the file's top level", seen, (ref Utf8JsonReader r, string name) =>
        {
            switch (name)
            {
                case NodeJson.Id:
                    Id = ReadGuid(ref r, name);
                    break;
                case NodeJson.EmbeddingType:
                    hasEmbeddingType = true;
                    vector = ReadEmbeddingType(ref r);
                    break;
                case NodeJson.OlderEmbeddings:
                    olderVector = r.TokenType == JsonTokenType.StartArray ? ReadFloat32Array(ref r, name) : SkipAndMark(ref r, name);
                    break;
                case NodeJson.Connections:
                    ForEachItem(ref r, name, (ref Utf8JsonReader item, string field) => ReadConnection(ref item, field));
                    break;
                case NodeJson.TemporalLayers:
                    ForEachItem(ref r, name, (ref Utf8JsonReader item, string field) => ReadTemporalLayer(ref item, field));
                    break;
                case NodeJson.Attributes:
                    ReadAttributes(ref r, name, top: true);
                    break;
                case NodeJson.CreationTimestamp:
                    CreationTimestamp = ReadUInt64(ref r, name);
                    break;
                case NodeJson.AccessPatterns:
                    ReadAccessPatterns(ref r, name);
                    break;
                default:
                    SkipValue(ref r, name);
                    break;
            }
        });

        RequireAll(seen, field: null, NodeJson.Id, NodeJson.Connections, NodeJson.TemporalLayers, NodeJson.Attributes, NodeJson.CreationTimestamp, NodeJson.AccessPatterns);

        if (hasEmbeddingType)
        {
            Embeddings = vector ?? Array.Empty<float>();
        }
        else if (seen.Contains(NodeJson.OlderEmbeddings))
        {
            Embeddings = olderVector ?? throw Mismatch(NodeJson.OlderEmbeddings, "an array", "something else");
        }
        else
        {
            throw Missing(NodeJson.EmbeddingType);
        }
    }

    private float[]? ReadEmbeddingType(ref Utf8JsonReader reader)
    {
        float[]? vector = null;
        RequireToken(ref reader, JsonTokenType.StartObject, NodeJson.EmbeddingType, "an object");
        ForEachProperty(ref reader, NodeJson.EmbeddingType, NewPropertySet(), (ref Utf8JsonReader r, string name) =>
        {
            if (name == NodeJson.SingleVector)
            {
                vector = ReadFloat32Array(ref r, $"{NodeJson.EmbeddingType}.{NodeJson.SingleVector}");
            }
            else
            {
                SkipValue(ref r, $"{NodeJson.EmbeddingType}.{name}");
            }
        });
        return vector;
    }

    private static void ReadConnection(ref Utf8JsonReader reader, string field)
    {
        RequireToken(ref reader, JsonTokenType.StartObject, field, "an object");
        var seen = NewPropertySet();
        ForEachProperty(ref reader, field, seen, (ref Utf8JsonReader r, string name) =>
        {
            var at = $"{field}.{name}";
            switch (name)
            {
                case "target_id":
                    ReadGuid(ref r, at);
                    break;
                case "relationship_type":
                    if (r.TokenType == JsonTokenType.StartObject)
                    {
                        var custom = NewPropertySet();
                        ForEachProperty(ref r, at, custom, (ref Utf8JsonReader c, string key) =>
                        {
                            if (key == "Custom")
                            {
                                ReadString(ref c, $"{at}.Custom");
                            }
                            else
                            {
                                SkipValue(ref c, $"{at}.{key}");
                            }
                        });
                        RequirePresent(custom, "Custom", $"{at}.Custom");
                    }
                    else
                    {
                        ReadString(ref r, at);
                    }

                    break;
                case "strength":
                    ReadFloat32(ref r, at);
                    break;
                case "creation_timestamp":
                    ReadUInt64(ref r, at);
                    break;
                default:
                    SkipValue(ref r, at);
                    break;
            }
        });
        RequireAll(seen, field, "target_id", "relationship_type", "strength", "creation_timestamp");
    }

    private static void ReadTemporalLayer(ref Utf8JsonReader reader, string field)
    {
        RequireToken(ref reader, JsonTokenType.StartObject, field, "an object");
        var seen = NewPropertySet();
        ForEachProperty(ref reader, field, seen, (ref Utf8JsonReader r, string name) =>
        {
            var at = $"{field}.{name}";
            switch (name)
            {
                case "id":
                    ReadGuid(ref r, at);
                    break;
                case "timestamp":
                    ReadUInt64(ref r, at);
                    break;
                case "embeddings" when r.TokenType != JsonTokenType.Null:
                    ReadFloat32Array(ref r, at);
                    break;
                case "attributes" when r.TokenType != JsonTokenType.Null:
                    new NodeSummary().ReadAttributes(ref r, at, top: false);
                    break;
                case "reason":
                    ReadString(ref r, at);
                    break;
                default:
                    SkipValue(ref r, at);
                    break;
            }
        });
        RequireAll(seen, field, "id", "timestamp", "reason");
    }

    private static void ReadAccessPatterns(ref Utf8JsonReader reader, string field)
    {
        RequireToken(ref reader, JsonTokenType.StartObject, field, "an object");
        var seen = NewPropertySet();
        ForEachProperty(ref reader, field, seen, (ref Utf8JsonReader r, string name) =>
        {
            var at = $"{field}.{name}";
            switch (name)
            {
                case "access_count" or "max_recent_accesses":
                    ReadUInt64(ref r, at);
                    break;
                case "last_access_timestamp" when r.TokenType != JsonTokenType.Null:
                    ReadUInt64(ref r, at);
                    break;
                case "recent_accesses":
                    ForEachItem(ref r, at, (ref Utf8JsonReader item, string itemField) => ReadUInt64(ref item, itemField));
                    break;
                default:
                    SkipValue(ref r, at);
                    break;
            }
        });
        RequireAll(seen, field, "access_count", "recent_accesses", "max_recent_accesses");
    }

    // A map of tagged values (AttributeValueCodec.DecodeMap); the top-level map's message strings are kept.
    private void ReadAttributes(ref Utf8JsonReader reader, string field, bool top)
    {
        RequireToken(ref reader, JsonTokenType.StartObject, field, "an object");
        ForEachProperty(ref reader, field, NewPropertySet(), (ref Utf8JsonReader r, string name) =>
        {
            var text = ReadTaggedValue(ref r, $"{field}.{name}");
            if (top && text is not null && s_messageKeys.Contains(name))
            {
                _messageAttributes[name] = text;
            }
        });
    }

    // A tagged value: an object with exactly one known kind is checked (unknown kinds and other shapes pass, as they
    // load as their JSON); returns the text of a String.
    private string? ReadTaggedValue(ref Utf8JsonReader reader, string field)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            SkipValue(ref reader, field);
            return null;
        }

        var start = reader;
        Next(ref reader, field);
        if (reader.TokenType == JsonTokenType.EndObject)
        {
            return null;
        }

        var kind = PropertyName(ref reader, field);
        var at = $"{field}.{kind}";
        Next(ref reader, field);
        var content = reader;
        SkipValue(ref reader, at);
        Next(ref reader, field);
        if (reader.TokenType != JsonTokenType.EndObject)
        {
            reader = start;
            SkipValue(ref reader, field);
            return null;
        }

        switch (kind)
        {
            case "String":
                return ReadString(ref content, at);
            case "Integer":
                RequireNumber(ref content, at, "a whole number");
                if (!content.TryGetInt64(out _))
                {
                    throw Mismatch(at, "a whole number", Raw(ref content));
                }

                return null;
            case "Float":
                RequireNumber(ref content, at, "a number");
                if (!content.TryGetDouble(out _))
                {
                    throw Mismatch(at, "a number", Raw(ref content));
                }

                return null;
            case "Boolean":
                if (content.TokenType is not (JsonTokenType.True or JsonTokenType.False))
                {
                    throw Mismatch(at, "true or false", Raw(ref content));
                }

                return null;
            case "List":
                ForEachItem(ref content, at, (ref Utf8JsonReader item, string itemField) => ReadTaggedValue(ref item, itemField));
                return null;
            case "Map":
                new NodeSummary().ReadAttributes(ref content, at, top: false);
                return null;
            default:
                return null;
        }
    }

    // Room for every property of a node's objects from the start: growing a set several times per object cost more
    // than reading the object (netstandard2.0 has no such constructor).
    private static HashSet<string> NewPropertySet() =>
#if NET8_0_OR_GREATER
        new(8, StringComparer.Ordinal);
#else
        new(StringComparer.Ordinal);
#endif

    private delegate void PropertyReader(ref Utf8JsonReader reader, string name);

    private delegate void ItemReader(ref Utf8JsonReader reader, string field);

    // The reader is on StartObject; each property's value is handed over with the reader on its first token and must
    // be read to its last. Ends on EndObject.
    private static void ForEachProperty(ref Utf8JsonReader reader, string field, HashSet<string> seen, PropertyReader read)
    {
        RequireToken(ref reader, JsonTokenType.StartObject, field, "an object");
        while (true)
        {
            Next(ref reader, field);
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                return;
            }

            var name = PropertyName(ref reader, field);
            if (!seen.Add(name))
            {
                throw new InvalidDataException($"'{field}' has the property '{name}' twice.");
            }

            Next(ref reader, field);
            read(ref reader, name);
        }
    }

    private static void ForEachItem(ref Utf8JsonReader reader, string field, ItemReader read)
    {
        RequireToken(ref reader, JsonTokenType.StartArray, field, "an array");
        var index = 0;
        while (true)
        {
            Next(ref reader, field);
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return;
            }

            read(ref reader, $"{field}[{index++}]");
        }
    }

    // Any value, checked for what every value must satisfy: no repeated property name, no lone surrogate escape.
    private static void SkipValue(ref Utf8JsonReader reader, string field)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                ForEachProperty(ref reader, field, NewPropertySet(), (ref Utf8JsonReader r, string name) => SkipValue(ref r, $"{field}.{name}"));
                break;
            case JsonTokenType.StartArray:
                ForEachItem(ref reader, field, (ref Utf8JsonReader r, string item) => SkipValue(ref r, item));
                break;
            case JsonTokenType.String:
                ReadString(ref reader, field);
                break;
        }
    }

    private static float[]? SkipAndMark(ref Utf8JsonReader reader, string field)
    {
        SkipValue(ref reader, field);
        return null;
    }

    private static float[] ReadFloat32Array(ref Utf8JsonReader reader, string field)
    {
        RequireToken(ref reader, JsonTokenType.StartArray, field, "an array");
        var values = t_vectorScratch ?? new float[256];
        var count = 0;
        while (true)
        {
            Next(ref reader, field);
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                if (values.Length <= MaxScratchFloats)
                {
                    t_vectorScratch = values;
                }

                return values.AsSpan(0, count).ToArray();
            }

            if (count == values.Length)
            {
                Array.Resize(ref values, values.Length * 2);
            }

            values[count] = ReadFloat32(ref reader, field, count);
            count++;
        }
    }

    // An array element: its field name is spelled out only for an error, as the arrays are the bulk of a node file.
    private static float ReadFloat32(ref Utf8JsonReader reader, string arrayField, int index) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetSingle(out var single) && !float.IsInfinity(single)
            ? single
            : ReadFloat32(ref reader, $"{arrayField}[{index}]");

    // As JsonNodeReadExtensions.RequireFloat32: a number that fits a 32-bit float (else through double), never infinite.
    private static float ReadFloat32(ref Utf8JsonReader reader, string field)
    {
        RequireNumber(ref reader, field, "a number");
        var number = reader.TryGetSingle(out var single) ? single
            : reader.TryGetDouble(out var wide) ? (float)wide
            : throw Mismatch(field, "a number", Raw(ref reader));
        return float.IsInfinity(number) ? throw Mismatch(field, "a 32-bit float", Raw(ref reader)) : number;
    }

    private static ulong ReadUInt64(ref Utf8JsonReader reader, string field)
    {
        RequireNumber(ref reader, field, "a whole number from 0 to 18446744073709551615");
        return reader.TryGetUInt64(out var value) ? value : throw Mismatch(field, "a whole number from 0 to 18446744073709551615", Raw(ref reader));
    }

    private static Guid ReadGuid(ref Utf8JsonReader reader, string field) =>
        Guid.TryParse(ReadString(ref reader, field), out var id) ? id : throw Mismatch(field, "a UUID", Raw(ref reader));

    private static string ReadString(ref Utf8JsonReader reader, string field)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw reader.TokenType == JsonTokenType.Null ? Missing(field) : Mismatch(field, "a string", Raw(ref reader));
        }

        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidDataException($"'{field}' is not valid Unicode (a lone UTF-16 surrogate escape?): {ex.Message}", ex);
        }
    }

    private static string PropertyName(ref Utf8JsonReader reader, string field)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidDataException($"A property name in '{field}' is not valid Unicode (a lone UTF-16 surrogate escape?): {ex.Message}", ex);
        }
    }

    private static void RequireNumber(ref Utf8JsonReader reader, string field, string expected)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw reader.TokenType == JsonTokenType.Null ? Missing(field) : Mismatch(field, expected, Raw(ref reader));
        }
    }

    private static void RequireToken(ref Utf8JsonReader reader, JsonTokenType token, string field, string expected)
    {
        if (reader.TokenType != token)
        {
            throw reader.TokenType == JsonTokenType.Null ? Missing(field) : Mismatch(field, expected, Raw(ref reader));
        }
    }

    // The properties serde requires of an object (every one that is not an Option); null field: the top level.
    private static void RequireAll(HashSet<string> seen, string? field, params string[] names)
    {
        foreach (var name in names)
        {
            RequirePresent(seen, name, field is null ? name : $"{field}.{name}");
        }
    }

    private static void RequirePresent(HashSet<string> seen, string name, string field)
    {
        if (!seen.Contains(name))
        {
            throw Missing(field);
        }
    }

    private static void Next(ref Utf8JsonReader reader, string field)
    {
        if (!reader.Read())
        {
            throw new InvalidDataException($"The file ends inside '{field}'.");
        }
    }

    private static string Raw(ref Utf8JsonReader reader) =>
        reader.TokenType switch
        {
            JsonTokenType.StartObject => "an object",
            JsonTokenType.StartArray => "an array",
            JsonTokenType.String => "\"" + Encoding.UTF8.GetString(reader.ValueSpan.ToArray()) + "\"",
            _ => Encoding.UTF8.GetString(reader.ValueSpan.ToArray()),
        };

    private static InvalidDataException Missing(string field) => new($"'{field}' is missing or null.");

    private static InvalidDataException Mismatch(string field, string expected, string actual) =>
        new($"'{field}' should be {expected} but is {actual}.");
}
