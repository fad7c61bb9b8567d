using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;

namespace EngramDb.Storage;

/// <summary>
/// Converts attribute values to and from EngramDB's externally tagged <c>AttributeValue</c> JSON:
/// <c>{"String":…}</c>, <c>{"Integer":…}</c>, <c>{"Float":…}</c>, <c>{"Boolean":…}</c>, <c>{"List":[…]}</c>, <c>{"Map":{…}}</c>.
/// </summary>
internal static class AttributeValueCodec
{
    // Deeper nesting than this is almost surely a collection that contains itself.
    private const int MaxDepth = 64;

    private const string StringKind = "String";
    private const string IntegerKind = "Integer";
    private const string FloatKind = "Float";
    private const string BooleanKind = "Boolean";
    private const string ListKind = "List";
    private const string MapKind = "Map";

    private const string LoneSurrogate = "holds a lone UTF-16 surrogate, which UTF-8 (and so EngramDB) cannot store";

    /// <summary>Encodes <paramref name="value"/>; an unsupported value throws an <see cref="ArgumentException"/> naming <paramref name="key"/>.</summary>
    public static JsonObject Encode(string key, object value) => Encode(key, value, key, depth: 0);

    /// <summary>
    /// Decodes a tagged value to <see cref="string"/>, <see cref="long"/>, <see cref="double"/>, <see cref="bool"/>,
    /// a read-only list or a read-only map; a kind this library does not know comes back as a copy of its JSON.
    /// </summary>
    /// <exception cref="System.IO.InvalidDataException">A known kind holds a value of the wrong shape.</exception>
    public static object? Decode(JsonNode? tagged, string field)
    {
        if (tagged is not JsonObject { Count: 1 } taggedObject)
        {
            return tagged?.DeepClone();
        }

        var kind = taggedObject.First();
        var content = kind.Value;
        var contentField = $"{field}.{kind.Key}";
        switch (kind.Key)
        {
            case StringKind:
                return content.RequireString(contentField);
            case IntegerKind:
                return content.RequireInt64(contentField);
            case FloatKind:
                return content.RequireFloat64(contentField);
            case BooleanKind:
                return content.RequireBoolean(contentField);
            case ListKind:
                var items = content.RequireArray(contentField);
                return new ReadOnlyCollection<object?>(items.Select((item, i) => Decode(item, $"{contentField}[{i}]")).ToList());
            case MapKind:
                return DecodeMap(content.RequireObject(contentField), contentField);
            default:
                return taggedObject.DeepClone();
        }
    }

    /// <summary>Decodes a JSON object of tagged values (an attribute map) with <see cref="Decode"/>.</summary>
    public static IReadOnlyDictionary<string, object?> DecodeMap(JsonObject map, string field)
    {
        var entries = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var entry in map)
        {
            entries.Add(entry.Key, Decode(entry.Value, $"{field}.{entry.Key}"));
        }

        return new ReadOnlyDictionary<string, object?>(entries);
    }

    private static JsonObject Encode(string key, object? value, string where, int depth)
    {
        if (depth > MaxDepth)
        {
            throw Unsupported(key, where, $"nests lists or maps more than {MaxDepth} deep (does a collection contain itself?)");
        }

        switch (value)
        {
            case null:
                throw Unsupported(key, where, "is null; EngramDB attributes have no null value");
            case string text:
                return text.IsWellFormedUtf16()
                    ? Tagged(StringKind, JsonValue.Create(text))
                    : throw Unsupported(key, where, LoneSurrogate);
            case bool boolean:
                return Tagged(BooleanKind, JsonValue.Create(boolean));
            case int or long or short or sbyte or byte or ushort or uint:
                return Tagged(IntegerKind, JsonValue.Create(Convert.ToInt64(value, CultureInfo.InvariantCulture)));
            case ulong unsigned:
                return unsigned <= long.MaxValue
                    ? Tagged(IntegerKind, JsonValue.Create((long)unsigned))
                    : throw Unsupported(key, where, $"is {unsigned}, beyond EngramDB's 64-bit signed Integer");
            case float single:
                // Through the float's shortest spelling, so 0.1f is stored as 0.1 rather than 0.10000000149011612.
                return EncodeFloat(key, where, double.Parse(single.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
            case double number:
                return EncodeFloat(key, where, number);
            case IDictionary dictionary:
                return Tagged(MapKind, EncodeMap(key, where, depth, EntriesOf(dictionary)));
            case IEnumerable pairs when StringKeyedPairType(pairs.GetType()) is { } pairType:
                return Tagged(MapKind, EncodeMap(key, where, depth, EntriesOf(pairs, pairType)));
            case IEnumerable items:
                var list = new JsonArray();
                var index = 0;
                foreach (var item in items)
                {
                    list.Add(Encode(key, item, $"{where}[{index++}]", depth + 1));
                }

                return Tagged(ListKind, list);
            default:
                throw Unsupported(key, where, $"is a {value.GetType()}");
        }
    }

    private static JsonObject EncodeFloat(string key, string where, double number) =>
        double.IsNaN(number) || double.IsInfinity(number)
            ? throw Unsupported(key, where, $"is {number.ToString(CultureInfo.InvariantCulture)}, which JSON cannot hold")
            : Tagged(FloatKind, JsonValue.Create(number));

    private static JsonObject EncodeMap(string key, string where, int depth, IEnumerable<(object Key, object? Value)> entries)
    {
        var map = new JsonObject();
        foreach (var (entryKey, entryValue) in entries)
        {
            if (entryKey is not string name)
            {
                throw Unsupported(key, where, $"is a map with a key of type {entryKey.GetType()}; map keys must be strings");
            }

            if (!name.IsWellFormedUtf16())
            {
                throw Unsupported(key, where, "has a map key that " + LoneSurrogate);
            }

            map[name] = Encode(key, entryValue, $"{where}.{name}", depth + 1);
        }

        return map;
    }

    private static IEnumerable<(object Key, object? Value)> EntriesOf(IDictionary dictionary)
    {
        var entries = dictionary.GetEnumerator();
        while (entries.MoveNext())
        {
            yield return (entries.Key, entries.Value);
        }
    }

    // KeyValuePair<string, T> when the type is a sequence of such pairs, as every IReadOnlyDictionary<string, T> is.
    private static Type? StringKeyedPairType(Type type) =>
        type.GetInterfaces()
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))
            .Select(i => i.GetGenericArguments()[0])
            .FirstOrDefault(item => item.IsGenericType
                && item.GetGenericTypeDefinition() == typeof(KeyValuePair<,>)
                && item.GetGenericArguments()[0] == typeof(string));

    private static IEnumerable<(object Key, object? Value)> EntriesOf(IEnumerable pairs, Type pairType)
    {
        var keyProperty = pairType.GetProperty(nameof(KeyValuePair<string, object>.Key))!;
        var valueProperty = pairType.GetProperty(nameof(KeyValuePair<string, object>.Value))!;
        foreach (var pair in pairs)
        {
            yield return (keyProperty.GetValue(pair)!, valueProperty.GetValue(pair));
        }
    }

    private static JsonObject Tagged(string kind, JsonNode content) => new() { [kind] = content };

    private static ArgumentException Unsupported(string key, string where, string problem) =>
        new($"Attribute '{key}' cannot be stored: the value{(where == key ? string.Empty : " at " + where)} {problem}. " +
            "Supported values: string, integers, float, double, bool, and lists or string-keyed maps of those.", "value");
}
