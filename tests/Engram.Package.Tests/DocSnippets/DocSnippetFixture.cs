using System;
using System.Collections.Generic;
using System.Linq;

namespace Engram.Package.Tests.DocSnippets;

/// <summary>
/// The pages' C# fences, read once, and the one build of every correctly marked snippet, made on first use (it
/// needs the packed feed, which only the test collection has).
/// </summary>
public sealed class DocSnippetFixture : IDisposable
{
    private readonly object _gate = new();
    private readonly Dictionary<string, MarkdownFence> _fences;
    private readonly Dictionary<string, DocSnippet> _snippets = new();
    private readonly Dictionary<string, FormatException> _markProblems = new();
    private Lazy<SnippetBuild>? _build;

    public DocSnippetFixture()
    {
        _fences = DocPages.CSharpFences().ToDictionary(fence => fence.Where);
        foreach (var (where, fence) in _fences)
        {
            try
            {
                _snippets[where] = DocPages.ReadSnippet(fence);
            }
            catch (FormatException problem)
            {
                _markProblems[where] = problem;
            }
        }
    }

    /// <summary>The snippet at <paramref name="where"/> (<c>page:line</c>).</summary>
    /// <exception cref="FormatException">Its marks are missing or wrong; the message names page and line.</exception>
    internal DocSnippet Snippet(string where)
    {
        if (_markProblems.TryGetValue(where, out var problem))
        {
            throw new FormatException(problem.Message);
        }

        return _snippets.TryGetValue(where, out var snippet)
            ? snippet
            : throw new KeyNotFoundException($"No C# fence at {where}; the page changed while the tests ran.");
    }

    internal SnippetBuild Build(PackedFeed feed)
    {
        lock (_gate)
        {
            _build ??= new Lazy<SnippetBuild>(() => new SnippetBuild(feed, _snippets.Values.ToList()));
        }

        return _build.Value;
    }

    public void Dispose()
    {
        if (_build is { IsValueCreated: true })
        {
            _build.Value.Dispose();
        }
    }
}
