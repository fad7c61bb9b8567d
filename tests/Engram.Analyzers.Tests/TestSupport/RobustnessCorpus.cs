using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Engram.Analyzers.Tests.TestSupport;

/// <summary>
/// C# text to feed the analyzers half-typed: the C# in this test project's string literals (markup removed;
/// snippets wrapped in a method) and the samples' source files.
/// </summary>
public static class RobustnessCorpus
{
    private static readonly Regex Markup = new(@"\{\|[^:|]+:|\|\}|\[\||\|\]", RegexOptions.Compiled);

    private static readonly string[] DeclarationKeywords = { "class ", "record ", "struct ", "interface ", "namespace " };

    // Statement and member snippets both go in the method body: half of them are then odd code, which suits this test.
    private static readonly CodeTemplate SnippetWrapper = CodeTemplate.HandlesInMethod;

    // Registration snippets (ENG004) go in a start-up method, where the only mention of Database is the registration
    // itself, as the ENG004 fix requires. The DI abstractions must be referenced for them to bind.
    private static readonly CodeTemplate RegistrationWrapper = new("""
        using System;
        using EngramDb;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.DependencyInjection.Extensions;

        public static class Startup
        {
            public static void Configure(IServiceCollection services, string path)
            {
                HOLE
            }
        }
        """);

    public static IReadOnlyList<(string Name, string Text)> Load()
    {
        var sources = new List<(string Name, string Text)>();
        var testProject = Path.Combine(RepositoryPaths.Root, "tests", "Engram.Analyzers.Tests");
        foreach (var file in SourceFiles(testProject))
        {
            var literals = CSharpSyntaxTree.ParseText(File.ReadAllText(file)).GetRoot()
                .DescendantTokens()
                .Where(token => token.IsKind(SyntaxKind.StringLiteralToken)
                    || token.IsKind(SyntaxKind.SingleLineRawStringLiteralToken)
                    || token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken))
                .Select(token => Markup.Replace(token.ValueText, string.Empty))
                .Where(LooksLikeCSharp);
            foreach (var literal in literals.Distinct())
            {
                var text = DeclarationKeywords.Any(literal.Contains)
                    ? literal
                    : (literal.Contains("services.", StringComparison.Ordinal) ? RegistrationWrapper : SnippetWrapper).Fill(literal);
                sources.Add(($"{Path.GetFileName(file)}: \"{Abbreviate(literal)}\"", text));
            }
        }

        var samples = Path.Combine(RepositoryPaths.Root, "samples");
        if (Directory.Exists(samples))
        {
            sources.AddRange(SourceFiles(samples).Select(file => (Path.GetRelativePath(RepositoryPaths.Root, file), File.ReadAllText(file))));
        }

        return sources;
    }

    private static IEnumerable<string> SourceFiles(string directory) =>
        Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")
                && !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .OrderBy(file => file, StringComparer.Ordinal);

    private static bool LooksLikeCSharp(string literal) => literal.Length >= 20 && (literal.Contains(';') || literal.Contains('{'));

    private static string Abbreviate(string text)
    {
        var oneLine = text.ReplaceLineEndings(" ");
        return oneLine.Length <= 60 ? oneLine : oneLine.Substring(0, 60) + "...";
    }
}
