using System;
using System.IO;
using System.Linq;
using Engram.Package.Tests.DocSnippets;
using Xunit;

namespace Engram.Package.Tests;

/// <summary>
/// The snippet convention of docs/README.md, without a build: how fences and their marks are read, and how what
/// a page claims is compared with what a build reports.
/// </summary>
public sealed class DocSnippetConventionTests
{
    private const string Page = "docs/rules/ENG009.md";

    [Fact]
    public void Fences_are_found_with_their_line_info_string_and_unindented_lines()
    {
        var fences = MarkdownFence.ReadAll(Page, new[]
        {
            "# Title",
            "```csharp wrong program",
            "var x = 1; // ENG001",
            "```",
            "- a list item:",
            "  ~~~ini",
            "  [*.cs]",
            "  ~~~",
            "Inline ```code``` is no fence.",
        });

        Assert.Equal(2, fences.Count);
        Assert.Equal((2, "csharp wrong program", "csharp"), (fences[0].Line, fences[0].InfoString, fences[0].Language));
        Assert.Equal(new[] { "wrong", "program" }, fences[0].Attributes);
        Assert.Equal(new[] { "var x = 1; // ENG001" }, fences[0].Lines);
        Assert.Equal(($"{Page}:6", "ini"), (fences[1].Where, fences[1].Language));
        Assert.Equal(new[] { "[*.cs]" }, fences[1].Lines);
    }

    [Fact]
    public void An_unclosed_fence_is_an_error_naming_page_and_line()
    {
        var error = Assert.Throws<InvalidDataException>(() => MarkdownFence.ReadAll(Page, new[] { "text", "```csharp right file", "class C { }" }));

        Assert.StartsWith($"{Page}:2:", error.Message);
    }

    [Theory]
    [InlineData("csharp")]
    [InlineData("cs")]
    [InlineData("C#")]
    public void An_unmarked_csharp_snippet_is_an_error_naming_page_and_line(string language)
    {
        var fence = Fence(language, "class C { }");

        Assert.True(DocSnippet.IsCSharp(fence));
        var error = Assert.Throws<FormatException>(() => DocSnippet.Parse(fence));
        Assert.StartsWith($"{Page}:10: the C# snippet is not marked", error.Message);
    }

    [Theory]
    [InlineData("csharp right", "should be the language, a role")]
    [InlineData("csharp right program extra", "should be the language, a role")]
    [InlineData("csharp good program", "unknown role 'good'")]
    [InlineData("csharp right script", "unknown kind 'script'")]
    [InlineData("csharp right context=", "unknown kind 'context='")]
    [InlineData("csharp right context=Has_Capitals", "unknown kind")]
    public void A_malformed_mark_is_an_error_naming_page_line_and_what_is_wrong(string infoString, string problem)
    {
        var error = Assert.Throws<FormatException>(() => DocSnippet.Parse(Fence(infoString, "class C { }")));

        Assert.StartsWith($"{Page}:10: ", error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void A_wrong_snippet_must_name_its_diagnostics_and_a_right_one_must_name_none()
    {
        var unnamed = Assert.Throws<FormatException>(() => DocSnippet.Parse(Fence("csharp wrong program", "Task.Run(() => db.ClearAll());")));
        Assert.Contains("a wrong snippet names the diagnostics", unnamed.Message);

        var named = Assert.Throws<FormatException>(() => DocSnippet.Parse(Fence("csharp right program", "Task.Run(() => db.ClearAll()); // ENG001")));
        Assert.Contains("a right snippet produces no diagnostic, but it names ENG001 at line 11", named.Message);
    }

    [Fact]
    public void Marks_are_comments_starting_with_rule_ids_and_give_the_page_line()
    {
        var snippet = DocSnippet.Parse(Fence(
            "csharp wrong context=used-after-await",
            "#pragma warning disable ENG001 // not a mark: the comment does not start with an ID",
            "db.Save(node);   // ENG002: db belongs to the thread before the await",
            "Task.Run(() => db.Save(node)); // ENG001, ENG002"));

        Assert.Equal((SnippetRole.Wrong, SnippetKind.Context, "used-after-await"), (snippet.Role, snippet.Kind, snippet.ContextName));
        Assert.Equal(
            new[] { new ExpectedDiagnostic("ENG002", 12), new ExpectedDiagnostic("ENG001", 13), new ExpectedDiagnostic("ENG002", 13) },
            snippet.Expected);
        Assert.Equal((11, 13), (snippet.FirstLine, snippet.LastLine));
    }

    [Fact]
    public void Exactly_the_marked_diagnostics_match()
    {
        var snippet = DocSnippet.Parse(Fence("csharp wrong program", "var db = Database.InMemory();", "Task.Run(() => db.ClearAll()); // ENG001"));

        Assert.Empty(SnippetExpectations.Mismatches(snippet, new[] { Reported("ENG001", 12) }));
    }

    [Fact]
    public void A_diagnostic_at_another_line_of_another_rule_or_missing_is_a_mismatch()
    {
        var snippet = DocSnippet.Parse(Fence("csharp wrong program", "var db = Database.InMemory();", "Task.Run(() => db.ClearAll()); // ENG001"));

        Assert.Equal(2, SnippetExpectations.Mismatches(snippet, new[] { Reported("ENG001", 11) }).Count);
        Assert.Equal(2, SnippetExpectations.Mismatches(snippet, new[] { Reported("ENG002", 12) }).Count);
        Assert.Equal(new[] { "named by the page but not reported: ENG001 at line 12" }, SnippetExpectations.Mismatches(snippet, Array.Empty<BuildDiagnostic>()));
        var twice = SnippetExpectations.Mismatches(snippet, new[] { Reported("ENG001", 12), Reported("ENG001", 12) with { Column = 30 } });
        Assert.StartsWith("not named by the page:", Assert.Single(twice));
    }

    [Fact]
    public void Any_compiler_or_other_analyzer_diagnostic_is_a_mismatch_even_for_a_right_snippet()
    {
        var snippet = DocSnippet.Parse(Fence("csharp right program", "int unused;"));

        var mismatch = Assert.Single(SnippetExpectations.Mismatches(snippet, new[] { Reported("CS0168", 11) with { Severity = "warning" } }));
        Assert.Contains("warning CS0168", mismatch);
    }

    [Fact]
    public void Build_output_is_read_into_distinct_diagnostics_with_and_without_a_place()
    {
        var output = string.Join("\n",
            "  Restored /tmp/x/Library/Library.csproj (in 2 ms).",
            "/repo/docs/rules/ENG001.md(97,22): error ENG001: 'db' (EngramDb.Database) is thread-affine [/tmp/x/P/P.csproj]",
            "/repo/README.md(13,5,13,11): warning CS0168: The variable 'unused' is declared but never used [/tmp/x/Q/Q.csproj]",
            "CSC : error CS5001: Program does not contain a static 'Main' method suitable for an entry point [/tmp/x/P/P.csproj]",
            "/repo/docs/rules/ENG001.md(97,22): error ENG001: 'db' (EngramDb.Database) is thread-affine [/tmp/x/P/P.csproj]",
            "    1 Warning(s)");

        var diagnostics = BuildDiagnostic.ParseAll(output);

        Assert.Equal(
            new[]
            {
                new BuildDiagnostic("/repo/docs/rules/ENG001.md", 97, 22, "error", "ENG001", "'db' (EngramDb.Database) is thread-affine", "/tmp/x/P/P.csproj"),
                new BuildDiagnostic("/repo/README.md", 13, 5, "warning", "CS0168", "The variable 'unused' is declared but never used", "/tmp/x/Q/Q.csproj"),
                new BuildDiagnostic("CSC", null, null, "error", "CS5001", "Program does not contain a static 'Main' method suitable for an entry point", "/tmp/x/P/P.csproj"),
            },
            diagnostics);
    }

    [Fact]
    public void A_program_snippet_is_its_lines_mapped_to_the_page()
    {
        var snippet = DocSnippet.Parse(Fence("csharp right program", "using EngramDb;", "using var db = Database.InMemory();"));

        Assert.Equal(
            $"#line 11 \"{Repository.PathOf(Page)}\"\nusing EngramDb;\nusing var db = Database.InMemory();\n",
            SnippetSource.Program(snippet));
    }

    [Fact]
    public void A_file_snippet_gets_a_namespace_of_its_own()
    {
        var snippet = DocSnippet.Parse(Fence("csharp right file", "static class Memory { }"));

        Assert.Equal(
            $"namespace DocSnippets.docs_rules_ENG009_md_L10\n{{\n#line 11 \"{Repository.PathOf(Page)}\"\nstatic class Memory {{ }}\n#line default\n}}\n",
            SnippetSource.LibraryFile(snippet));
    }

    [Fact]
    public void Every_context_has_one_place_for_the_snippet()
    {
        var contexts = Directory.GetFiles(Repository.PathOf(DocPages.ContextsDirectory), "*.cs");

        Assert.NotEmpty(contexts);
        foreach (var context in contexts)
        {
            Assert.Single(File.ReadAllLines(context), line => line.Trim() == SnippetSource.ContextHole);
        }
    }

    private static MarkdownFence Fence(string infoString, params string[] lines) => new(Page, 10, infoString, lines);

    private static BuildDiagnostic Reported(string id, int line) =>
        new(Repository.PathOf(Page), line, 5, "error", id, "message", "/tmp/consumer/P/P.csproj");
}
