using System.Linq;
using Engram.Package.Tests.DocSnippets;
using Xunit;
using Xunit.Abstractions;

namespace Engram.Package.Tests;

/// <summary>
/// Every C# snippet of README.md and docs/rules/*.md, read from the pages when the tests run, compiles against the
/// packed packages in a consumer installed as the README says: a wrong snippet gets exactly the diagnostics its
/// <c>// ENGxxx</c> comments name, at those lines, and a right one none (docs/README.md has the convention).
/// </summary>
/// <remarks>Slow: one <c>dotnet build</c> of all snippets, after the collection's packing.</remarks>
[Collection(PackedFeedCollection.Name)]
[Trait("Category", "Slow")]
public sealed class DocSnippetTests : IClassFixture<DocSnippetFixture>
{
    private readonly PackedFeed _feed;
    private readonly DocSnippetFixture _snippets;
    private readonly ITestOutputHelper _log;

    public DocSnippetTests(PackedFeed feed, DocSnippetFixture snippets, ITestOutputHelper log)
    {
        _feed = feed;
        _snippets = snippets;
        _log = log;
    }

    public static TheoryData<string> CSharpFences()
    {
        var data = new TheoryData<string>();
        foreach (var fence in DocPages.CSharpFences())
        {
            data.Add(fence.Where);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CSharpFences))]
    public void Snippet_compiles_with_exactly_the_diagnostics_its_page_names(string where)
    {
        var snippet = _snippets.Snippet(where);
        var build = _snippets.Build(_feed);

        Assert.True(build.Compiled(snippet), $"{where}: the compiler never ran on this snippet's project. {build.Build}");
        var mismatches = SnippetExpectations.Mismatches(snippet, build.ReportedFor(snippet));
        Assert.True(mismatches.Count == 0, $"""
            {where} (```{snippet.Fence.InfoString}):
              {string.Join("\n  ", mismatches)}
            {Numbered(snippet)}
            """);
    }

    [Fact]
    public void The_snippet_build_reports_nothing_that_belongs_to_no_snippet()
    {
        var build = _snippets.Build(_feed);
        _log.WriteLine(build.Build.Summary);
        foreach (var diagnostic in BuildDiagnostic.ParseAll(build.Build.Output))
        {
            _log.WriteLine(diagnostic.ToString());
        }

        Assert.True(build.Unattributed.Count == 0, $"Reported outside every snippet:\n{string.Join("\n", build.Unattributed)}\n{build.Build}");
    }

    private static string Numbered(DocSnippet snippet) =>
        string.Join("\n", snippet.Fence.Lines.Select((line, i) => $"{snippet.FirstLine + i,5}| {line}"));
}
