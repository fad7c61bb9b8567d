using System;

namespace Engram.Editor.Tests.Lsp;

/// <summary>Positions and edits in a document's text, counted as LSP counts them (UTF-16 code units, '\n' ends a line).</summary>
internal static class DocumentText
{
    public static LspPosition PositionAt(string text, int offset)
    {
        var line = 0;
        var lineStart = 0;
        for (var i = 0; i < offset; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return new LspPosition(line, offset - lineStart);
    }

    /// <summary>The range of <paramref name="token"/> inside the single occurrence of <paramref name="context"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="context"/> does not occur exactly once, or lacks <paramref name="token"/>.</exception>
    public static LspRange RangeOf(string text, string context, string token)
    {
        var start = SingleIndexOf(text, context);
        var within = context.IndexOf(token, StringComparison.Ordinal);
        if (within < 0)
        {
            throw new ArgumentException($"'{token}' is not in '{context}'.", nameof(token));
        }

        return new LspRange(PositionAt(text, start + within), PositionAt(text, start + within + token.Length));
    }

    /// <exception cref="ArgumentException"><paramref name="fragment"/> does not occur exactly once.</exception>
    public static int SingleIndexOf(string text, string fragment)
    {
        var index = text.IndexOf(fragment, StringComparison.Ordinal);
        if (index < 0 || text.IndexOf(fragment, index + 1, StringComparison.Ordinal) >= 0)
        {
            throw new ArgumentException($"'{fragment}' occurs {(index < 0 ? "nowhere" : "more than once")} in the document.", nameof(fragment));
        }

        return index;
    }

    /// <summary>The one range edit that turns <paramref name="before"/> into <paramref name="after"/>: what differs between their common start and end.</summary>
    public static (LspRange Range, string NewText) Change(string before, string after)
    {
        var prefix = 0;
        while (prefix < before.Length && prefix < after.Length && before[prefix] == after[prefix])
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < before.Length - prefix && suffix < after.Length - prefix
               && before[before.Length - 1 - suffix] == after[after.Length - 1 - suffix])
        {
            suffix++;
        }

        var range = new LspRange(PositionAt(before, prefix), PositionAt(before, before.Length - suffix));
        return (range, after.Substring(prefix, after.Length - prefix - suffix));
    }
}
