using System;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EngramDb.Storage;

/// <summary>
/// Writes a <see cref="JsonNode"/> the way EngramDB's serde_json writes it: one line, no spaces, only <c>"</c>,
/// <c>\</c> and control characters escaped, non-ASCII text as plain UTF-8.
/// </summary>
/// <remarks>
/// <see cref="Utf8JsonWriter"/> escapes non-ASCII and HTML-sensitive characters, which would rewrite every string
/// EngramDB wrote. Numbers parsed from a file are written back with their original spelling (for example <c>1e-05</c>);
/// numbers we create are spelled like serde's ryu formatting (<c>1.0</c>, <c>1e-5</c>).
/// </remarks>
internal static class SerdeJsonWriter
{
    private static readonly UTF8Encoding s_utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static byte[] ToUtf8Bytes(JsonNode node) => s_utf8.GetBytes(ToText(node));

    /// <summary>The JSON text, as a string; <see langword="null"/> is written as <c>null</c>.</summary>
    public static string ToText(JsonNode? node)
    {
        var text = new StringBuilder(256);
        Write(text, node);
        return text.ToString();
    }

    /// <summary>Spells a 32-bit float like serde_json: shortest round-trip digits, <c>.0</c> on whole numbers.</summary>
    public static string FormatFloat32(float value) => ToSerdeSpelling(value.ToString("R", CultureInfo.InvariantCulture));

    /// <summary>Spells a 64-bit float like serde_json: shortest round-trip digits, <c>.0</c> on whole numbers.</summary>
    public static string FormatFloat64(double value) => ToSerdeSpelling(value.ToString("R", CultureInfo.InvariantCulture));

    private static void Write(StringBuilder text, JsonNode? node)
    {
        switch (node)
        {
            case null:
                text.Append("null");
                break;
            case JsonObject jsonObject:
                WriteObject(text, jsonObject);
                break;
            case JsonArray array:
                WriteArray(text, array);
                break;
            case JsonValue value:
                WriteValue(text, value);
                break;
            default:
                throw new InvalidOperationException($"Unexpected JSON node type {node.GetType()}.");
        }
    }

    private static void WriteObject(StringBuilder text, JsonObject jsonObject)
    {
        text.Append('{');
        var first = true;
        foreach (var property in jsonObject)
        {
            if (!first)
            {
                text.Append(',');
            }

            first = false;
            WriteString(text, property.Key);
            text.Append(':');
            Write(text, property.Value);
        }

        text.Append('}');
    }

    private static void WriteArray(StringBuilder text, JsonArray array)
    {
        text.Append('[');
        for (var i = 0; i < array.Count; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            Write(text, array[i]);
        }

        text.Append(']');
    }

    private static void WriteValue(StringBuilder text, JsonValue value)
    {
        if (value.TryGetValue(out JsonElement element))
        {
            WriteElement(text, element);
        }
        else if (value.TryGetValue(out string? stringValue))
        {
            WriteString(text, stringValue);
        }
        else if (value.TryGetValue(out bool boolean))
        {
            text.Append(boolean ? "true" : "false");
        }
        else if (value.TryGetValue(out ulong unsigned))
        {
            text.Append(unsigned.ToString(CultureInfo.InvariantCulture));
        }
        else if (value.TryGetValue(out long integer))
        {
            text.Append(integer.ToString(CultureInfo.InvariantCulture));
        }
        else if (value.TryGetValue(out float single))
        {
            text.Append(FormatFloat32(single));
        }
        else if (value.TryGetValue(out double number))
        {
            text.Append(FormatFloat64(number));
        }
        else
        {
            throw new InvalidOperationException($"A JSON value of an unexpected type: {value.ToJsonString()}.");
        }
    }

    private static void WriteElement(StringBuilder text, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                WriteString(text, element.GetString()!);
                break;
            case JsonValueKind.Number:
                text.Append(element.GetRawText());
                break;
            case JsonValueKind.True:
                text.Append("true");
                break;
            case JsonValueKind.False:
                text.Append("false");
                break;
            case JsonValueKind.Null:
                text.Append("null");
                break;
            default:
                throw new InvalidOperationException($"A JSON value element of kind {element.ValueKind}.");
        }
    }

    private static void WriteString(StringBuilder text, string value)
    {
        text.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    text.Append("\\\"");
                    break;
                case '\\':
                    text.Append("\\\\");
                    break;
                case '\b':
                    text.Append("\\b");
                    break;
                case '\f':
                    text.Append("\\f");
                    break;
                case '\n':
                    text.Append("\\n");
                    break;
                case '\r':
                    text.Append("\\r");
                    break;
                case '\t':
                    text.Append("\\t");
                    break;
                case < ' ':
                    text.Append("\\u00").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    break;
                default:
                    text.Append(c);
                    break;
            }
        }

        text.Append('"');
    }

    private static string ToSerdeSpelling(string roundTrip)
    {
        var exponentAt = roundTrip.IndexOf('E');
        if (exponentAt < 0)
        {
            return roundTrip.IndexOf('.') < 0 ? roundTrip + ".0" : roundTrip;
        }

        var exponent = int.Parse(roundTrip.Substring(exponentAt + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return roundTrip.Substring(0, exponentAt) + "e" + exponent.ToString(CultureInfo.InvariantCulture);
    }
}
