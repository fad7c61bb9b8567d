using System;
using System.IO;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EngramDb.Storage;

/// <summary>
/// Typed reads of a node file's JSON that fail with an <see cref="InvalidDataException"/> naming the field
/// (for example <c>connections[1].strength</c>) when the file does not have the shape EngramDB writes.
/// </summary>
internal static class JsonNodeReadExtensions
{
    public static JsonObject RequireObject(this JsonNode? node, string field) =>
        node as JsonObject ?? throw Mismatch(field, "an object", node);

    public static JsonArray RequireArray(this JsonNode? node, string field) =>
        node as JsonArray ?? throw Mismatch(field, "an array", node);

    /// <summary>The value of a property that must be present and not null; <paramref name="field"/> names the property (its path in the file), by default <paramref name="name"/>.</summary>
    public static JsonNode RequireProperty(this JsonObject jsonObject, string name, string? field = null) =>
        jsonObject.TryGetPropertyValue(name, out var value) && value is not null
            ? value
            : throw new InvalidDataException($"'{field ?? name}' is missing or null.");

    /// <summary>The value of a property that serde reads as an <c>Option</c>: absent and null both mean none.</summary>
    public static JsonNode? OptionalProperty(this JsonObject jsonObject, string name) =>
        jsonObject.TryGetPropertyValue(name, out var value) ? value : null;

    public static string RequireString(this JsonNode? node, string field) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : throw Mismatch(field, "a string", node);

    public static bool RequireBoolean(this JsonNode? node, string field) =>
        node is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False
            ? value.GetValue<bool>()
            : throw Mismatch(field, "true or false", node);

    public static long RequireInt64(this JsonNode? node, string field) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue(out long integer)
            ? integer
            : throw Mismatch(field, "a whole number", node);

    /// <summary>A number serde reads as <c>u64</c>: a whole-number literal from 0 to 2^64-1 (no sign, fraction or exponent).</summary>
    public static ulong RequireUInt64(this JsonNode? node, string field) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue(out ulong integer)
            ? integer
            : throw Mismatch(field, "a whole number from 0 to 18446744073709551615", node);

    public static double RequireFloat64(this JsonNode? node, string field) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue(out double number)
            ? number
            : throw Mismatch(field, "a number", node);

    public static float RequireFloat32(this JsonNode? node, string field)
    {
        var number = node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue(out float single)
            ? single
            : (float)node.RequireFloat64(field);
        return float.IsInfinity(number) ? throw Mismatch(field, "a 32-bit float", node) : number;
    }

    public static Guid RequireGuid(this JsonNode? node, string field)
    {
        var text = node.RequireString(field);
        return Guid.TryParse(text, out var id) ? id : throw Mismatch(field, "a UUID", node);
    }

    public static float[] RequireFloat32Array(this JsonNode? node, string field)
    {
        var array = node.RequireArray(field);
        var numbers = new float[array.Count];
        for (var i = 0; i < numbers.Length; i++)
        {
            numbers[i] = array[i].RequireFloat32($"{field}[{i}]");
        }

        return numbers;
    }

    private static InvalidDataException Mismatch(string field, string expected, JsonNode? actual) =>
        new($"'{field}' should be {expected} but is {Describe(actual)}.");

    private static string Describe(JsonNode? node)
    {
        if (node is null)
        {
            return "null";
        }

        var json = node.ToJsonString();
        return json.Length <= 60 ? json : json.Substring(0, 60) + "…";
    }
}
