using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Engram.Package.Tests.DocSnippets;

/// <summary>
/// A fenced code block of a Markdown page: its info string (the words after the opening fence) and its lines, with
/// the opening fence's indentation removed.
/// </summary>
/// <param name="Page">The page's path relative to the repository root, with forward slashes.</param>
/// <param name="Line">The 1-based line of the opening fence; the block's first line is <c>Line + 1</c>.</param>
internal sealed record MarkdownFence(string Page, int Line, string InfoString, IReadOnlyList<string> Lines)
{
    /// <summary>The fence's language: the first word of its info string, or empty.</summary>
    public string Language => Words.FirstOrDefault() ?? string.Empty;

    /// <summary>The words of the info string after the language.</summary>
    public IReadOnlyList<string> Attributes => Words.Skip(1).ToList();

    /// <summary>Where the fence is, as an editor or build log names a place: <c>docs/rules/ENG001.md:91</c>.</summary>
    public string Where => $"{Page}:{Line}";

    private string[] Words => InfoString.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Every fenced block of the page (CommonMark fences of three or more backticks or tildes).</summary>
    /// <exception cref="InvalidDataException">A fence is never closed.</exception>
    public static IReadOnlyList<MarkdownFence> ReadAll(string page, IReadOnlyList<string> lines)
    {
        var fences = new List<MarkdownFence>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (!TryOpen(lines[i], out var indent, out var marker, out var infoString))
            {
                continue;
            }

            var open = i;
            var content = new List<string>();
            for (i++; i < lines.Count && !Closes(lines[i], marker); i++)
            {
                content.Add(Unindent(lines[i], indent));
            }

            if (i == lines.Count)
            {
                throw new InvalidDataException($"{page}:{open + 1}: the code fence '{marker}' is never closed.");
            }

            fences.Add(new MarkdownFence(page, open + 1, infoString, content));
        }

        return fences;
    }

    private static bool TryOpen(string line, out int indent, out string marker, out string infoString)
    {
        indent = line.Length - line.TrimStart(' ').Length;
        var rest = line.Substring(indent);
        var fenceChar = rest.Length > 0 ? rest[0] : '\0';
        var length = fenceChar is '`' or '~' ? rest.TakeWhile(c => c == fenceChar).Count() : 0;
        marker = new string(fenceChar, length);
        infoString = length >= 3 ? rest.Substring(length).Trim() : string.Empty;
        // A backtick fence's info string may not contain a backtick (CommonMark), which keeps inline code out.
        return length >= 3 && !(fenceChar == '`' && infoString.Contains('`'));
    }

    private static bool Closes(string line, string marker)
    {
        var trimmed = line.Trim();
        return trimmed.Length >= marker.Length && trimmed.All(c => c == marker[0]);
    }

    private static string Unindent(string line, int indent)
    {
        var removable = Math.Min(indent, line.Length - line.TrimStart(' ').Length);
        return line.Substring(removable);
    }
}
