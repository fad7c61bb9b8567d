using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace Engram.Package.Tests.DocSnippets;

/// <summary>
/// The C# file a snippet is compiled as. <c>#line</c> directives map every line back to the page (and a context's
/// lines to the context file), so the compiler reports diagnostics at the page's own lines.
/// </summary>
internal static class SnippetSource
{
    /// <summary>The line of a context file that the snippet takes the place of.</summary>
    public const string ContextHole = "// snippet";

    private static readonly Regex NotIdentifier = new("[^A-Za-z0-9]+", RegexOptions.CultureInvariant);

    /// <summary>A name for the snippet's file, project and namespace: <c>docs_rules_ENG001_md_L91</c>.</summary>
    public static string Name(DocSnippet snippet) => NotIdentifier.Replace(snippet.Fence.Page, "_") + "_L" + snippet.Fence.Line;

    /// <summary>A program's Program.cs: the snippet as it stands.</summary>
    public static string Program(DocSnippet snippet) => MappedToPage(snippet).ToString();

    /// <summary>
    /// A file or context snippet as a file of the shared library, inside a namespace of its own so that snippets
    /// declaring the same names do not collide.
    /// </summary>
    public static string LibraryFile(DocSnippet snippet)
    {
        var text = new StringBuilder();
        text.Append("namespace DocSnippets.").Append(Name(snippet)).Append('\n').Append("{\n");
        if (snippet.ContextName is { } context)
        {
            AppendInContext(text, snippet, DocPages.ContextPath(context));
        }
        else
        {
            text.Append(MappedToPage(snippet));
        }

        text.Append("#line default\n}\n");
        return text.ToString();
    }

    private static void AppendInContext(StringBuilder text, DocSnippet snippet, string contextPath)
    {
        var lines = File.ReadAllLines(contextPath);
        var holes = Enumerable.Range(0, lines.Length).Where(i => lines[i].Trim() == ContextHole).ToList();
        if (holes.Count != 1)
        {
            throw new InvalidDataException($"{contextPath} should have exactly one line '{ContextHole}' where the snippet goes; it has {holes.Count}.");
        }

        var hole = holes[0];
        AppendMapped(text, contextPath, 1, lines.Take(hole));
        text.Append(MappedToPage(snippet));
        AppendMapped(text, contextPath, hole + 2, lines.Skip(hole + 1));
    }

    private static StringBuilder MappedToPage(DocSnippet snippet)
    {
        var text = new StringBuilder();
        AppendMapped(text, Repository.PathOf(snippet.Fence.Page), snippet.FirstLine, snippet.Fence.Lines);
        return text;
    }

    private static void AppendMapped(StringBuilder text, string path, int firstLine, IEnumerable<string> lines)
    {
        text.Append("#line ").Append(firstLine).Append(" \"").Append(path).Append("\"\n");
        foreach (var line in lines)
        {
            text.Append(line).Append('\n');
        }
    }
}
