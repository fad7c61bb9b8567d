using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Engram.Package.Tests.DocSnippets;

/// <summary>The documentation pages whose C# snippets must compile, read from the repository when the tests run.</summary>
internal static class DocPages
{
    /// <summary>Where the context files of <c>context=NAME</c> snippets live, relative to the repository root.</summary>
    public const string ContextsDirectory = "tests/Engram.Package.Tests/DocSnippets/Contexts";

    /// <summary>README.md and every page in docs/rules, relative to the repository root.</summary>
    public static IReadOnlyList<string> All() =>
        new[] { "README.md" }
            .Concat(Directory.GetFiles(Repository.PathOf("docs/rules"), "*.md")
                .Select(path => "docs/rules/" + Path.GetFileName(path))
                .OrderBy(page => page, StringComparer.Ordinal))
            .ToList();

    /// <summary>Every C# fence of every page, marked or not.</summary>
    public static IReadOnlyList<MarkdownFence> CSharpFences() =>
        All().SelectMany(page => MarkdownFence.ReadAll(page, File.ReadAllLines(Repository.PathOf(page))))
            .Where(DocSnippet.IsCSharp)
            .ToList();

    /// <summary>The full path of the context file a <c>context=NAME</c> snippet names.</summary>
    public static string ContextPath(string name) => Repository.PathOf($"{ContextsDirectory}/{name}.cs");

    /// <summary>Parses the fence's marks and checks that a named context exists.</summary>
    /// <exception cref="FormatException">The fence is unmarked, its marks are inconsistent, or its context is missing.</exception>
    public static DocSnippet ReadSnippet(MarkdownFence fence)
    {
        var snippet = DocSnippet.Parse(fence);
        if (snippet.ContextName is { } name && !File.Exists(ContextPath(name)))
        {
            throw new FormatException($"{fence.Where}: there is no context '{name}' ({ContextsDirectory}/{name}.cs).");
        }

        return snippet;
    }
}
