using System;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Engram.Benchmarks;

/// <summary>
/// docs/performance.md and docs/performance.json hold the results of both benchmarks; each benchmark rewrites only
/// its own section (between <c>&lt;!-- BEGIN id --&gt;</c> and <c>&lt;!-- END id --&gt;</c>) and its own JSON property.
/// </summary>
internal static class PerformanceDocument
{
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        // The file is read by people too: keep backquotes and apostrophes as they are (it is never embedded in HTML).
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Replaces section <paramref name="sectionId"/> of the Markdown file, appending it when the file lacks it.</summary>
    public static void WriteMarkdownSection(string path, string sectionId, string content)
    {
        var begin = $"<!-- BEGIN {sectionId} -->";
        var end = $"<!-- END {sectionId} -->";
        var block = $"{begin}\n{content.TrimEnd()}\n{end}";
        var text = File.Exists(path) ? File.ReadAllText(path) : "# Performance\n";
        var start = text.IndexOf(begin, StringComparison.Ordinal);
        if (start < 0)
        {
            text = text.TrimEnd() + "\n\n" + block + "\n";
        }
        else
        {
            var stop = text.IndexOf(end, start, StringComparison.Ordinal);
            if (stop < 0)
            {
                throw new InvalidDataException($"'{path}' has '{begin}' but no '{end}'; fix the file by hand before writing results.");
            }

            text = text.Substring(0, start) + block + text.Substring(stop + end.Length);
        }

        WriteAtomically(path, text);
    }

    /// <summary>Sets property <paramref name="key"/> of the JSON file's top-level object to <paramref name="value"/>.</summary>
    public static void WriteJsonProperty<T>(string path, string key, T value)
    {
        var document = File.Exists(path)
            ? JsonNode.Parse(File.ReadAllText(path)) as JsonObject
              ?? throw new InvalidDataException($"'{path}' does not hold a JSON object; fix or delete it before writing results.")
            : new JsonObject();
        document[key] = JsonSerializer.SerializeToNode(value, JsonOptions);
        WriteAtomically(path, document.ToJsonString(JsonOptions) + "\n");
    }

    private static void WriteAtomically(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, path, overwrite: true);
    }
}
