using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace Engram.Package.Tests.DocSnippets;

/// <summary>Whether a snippet shows code the rules reject or code they accept.</summary>
internal enum SnippetRole
{
    Right,
    Wrong,
}

/// <summary>How a snippet is compiled (docs/README.md describes each).</summary>
internal enum SnippetKind
{
    /// <summary>The Program.cs of a console app.</summary>
    Program,

    /// <summary>The Program.cs of an ASP.NET Core app.</summary>
    WebProgram,

    /// <summary>A source file (using directives and types) of a library.</summary>
    File,

    /// <summary>Lines put in place of the <c>// snippet</c> line of a named context file.</summary>
    Context,
}

/// <summary>A diagnostic a wrong snippet names with a <c>// ENGxxx</c> comment: its rule and its line on the page.</summary>
internal sealed record ExpectedDiagnostic(string Id, int Line)
{
    public override string ToString() => $"{Id} at line {Line}";
}

/// <summary>
/// A C# snippet of a documentation page with the role and compilation its info string declares
/// (<c>```csharp wrong program</c>) and the diagnostics its <c>// ENGxxx</c> comments name.
/// </summary>
internal sealed record DocSnippet(MarkdownFence Fence, SnippetRole Role, SnippetKind Kind, string? ContextName, IReadOnlyList<ExpectedDiagnostic> Expected)
{
    public const string Convention = "see docs/README.md, \"C# snippets\"";

    private static readonly string[] CSharpLanguages = { "csharp", "cs", "c#" };

    private static readonly Regex ContextAttribute = new(@"^context=(?<name>[a-z0-9]+(?:-[a-z0-9]+)*)$", RegexOptions.CultureInvariant);

    /// <summary>A comment whose text starts with rule IDs: <c>// ENG002: db belongs to ...</c>, <c>// ENG001, ENG002</c>.</summary>
    private static readonly Regex Mark = new(@"//\s*(?<ids>ENG\d{3}(?:\s*,\s*ENG\d{3})*)\b", RegexOptions.CultureInvariant);

    /// <summary>The page line of the snippet's first line.</summary>
    public int FirstLine => Fence.Line + 1;

    /// <summary>The page line of the snippet's last line.</summary>
    public int LastLine => Fence.Line + Fence.Lines.Count;

    public static bool IsCSharp(MarkdownFence fence) => CSharpLanguages.Contains(fence.Language, StringComparer.OrdinalIgnoreCase);

    /// <summary>Reads the role, the kind and the expected diagnostics of a C# fence.</summary>
    /// <exception cref="FormatException">The fence is unmarked or its marks contradict each other; the message names page and line.</exception>
    public static DocSnippet Parse(MarkdownFence fence)
    {
        var attributes = fence.Attributes;
        if (attributes.Count == 0)
        {
            throw Problem(fence, $"the C# snippet is not marked; write its role and kind after the language, e.g. ```{fence.Language} right program ({Convention})");
        }

        if (attributes.Count != 2)
        {
            throw Problem(fence, $"'{fence.InfoString}' should be the language, a role (right or wrong) and a kind (program, web-program, file or context=NAME) ({Convention})");
        }

        var role = attributes[0] switch
        {
            "right" => SnippetRole.Right,
            "wrong" => SnippetRole.Wrong,
            var other => throw Problem(fence, $"unknown role '{other}': a snippet is right or wrong ({Convention})"),
        };
        var (kind, contextName) = ParseKind(fence, attributes[1]);
        var expected = ReadMarks(fence);

        if (role == SnippetRole.Wrong && expected.Count == 0)
        {
            throw Problem(fence, $"a wrong snippet names the diagnostics it produces with a '// ENGxxx' comment on each line that gets one ({Convention})");
        }

        if (role == SnippetRole.Right && expected.Count > 0)
        {
            throw Problem(fence, $"a right snippet produces no diagnostic, but it names {string.Join(", ", expected)}");
        }

        return new DocSnippet(fence, role, kind, contextName, expected);
    }

    private static (SnippetKind Kind, string? ContextName) ParseKind(MarkdownFence fence, string attribute)
    {
        switch (attribute)
        {
            case "program":
                return (SnippetKind.Program, null);
            case "web-program":
                return (SnippetKind.WebProgram, null);
            case "file":
                return (SnippetKind.File, null);
        }

        var context = ContextAttribute.Match(attribute);
        if (!context.Success)
        {
            throw Problem(fence, $"unknown kind '{attribute}': a snippet is a program, web-program, file or context=NAME (NAME in lower-case words joined by '-') ({Convention})");
        }

        return (SnippetKind.Context, context.Groups["name"].Value);
    }

    private static List<ExpectedDiagnostic> ReadMarks(MarkdownFence fence)
    {
        var expected = new List<ExpectedDiagnostic>();
        for (var i = 0; i < fence.Lines.Count; i++)
        {
            foreach (Match mark in Mark.Matches(fence.Lines[i]))
            {
                expected.AddRange(mark.Groups["ids"].Value
                    .Split(',')
                    .Select(id => new ExpectedDiagnostic(id.Trim(), fence.Line + 1 + i)));
            }
        }

        return expected;
    }

    private static FormatException Problem(MarkdownFence fence, string message) => new($"{fence.Where}: {message}.");
}
