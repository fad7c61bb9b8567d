using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Engram.Analyzers.CodeFixes;
using Engram.Analyzers.Rules;
using Engram.Analyzers.Tests.TestSupport;
using Engram.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;
using Xunit.Abstractions;

namespace Engram.Analyzers.Tests;

/// <summary>
/// The code fixes (ENG001 to ENG005) run on whatever the IDE has on screen: on token prefixes of their own test sources
/// and of samples/Misuse, each diagnostic's fixes are registered and computed, and none may throw.
/// </summary>
public sealed class CodeFixRobustnessTests
{
    private static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(
        new CapturedByOtherThreadAnalyzer(), new UsedAcrossAwaitAnalyzer(), new AffineValueInSharedStateAnalyzer(), new RegisteredAsSingletonAnalyzer(),
        new ScopeHeldAcrossAwaitAnalyzer());

    private static readonly CodeFixProvider[] Fixes =
    {
        new CapturedByOtherThreadFixer(), new UsedAcrossAwaitFixer(), new AffineValueInSharedStateFixer(), new RegisteredAsSingletonFixer(),
        new ScopeHeldAcrossAwaitFixer(),
    };

    private static readonly string[] FixTestClasses =
    {
        nameof(CapturedByOtherThreadFixerTests),
        nameof(UsedAcrossAwaitFixerTests),
        nameof(AffineValueInSharedStateFixerTests),
        nameof(RegisteredAsSingletonFixerTests),
        nameof(ScopeHeldAcrossAwaitFixerTests),
    };

    // Each fix computation builds a workspace and searches the solution: cutting after every sixth token (a different
    // one in each source, so that together they still cut after every kind of token) keeps this test near 20 seconds
    // on two cores.
    private const int Stride = 6;

    private readonly ITestOutputHelper _output;

    public CodeFixRobustnessTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task Fixes_never_throw_on_token_prefixes_of_their_test_sources()
    {
        var sources = RobustnessCorpus.Load()
            .Where(source => FixTestClasses.Any(testClass => source.Name.StartsWith(testClass + ".cs:", StringComparison.Ordinal))
                || source.Name.Replace('\\', '/') == "samples/Misuse/Program.cs")
            .ToList();
        Assert.True(sources.Count >= 20, $"Only {sources.Count} sources found; is the repository layout intact?");

        var references = (await EngramTestSetup.ResolveFrameworkReferencesAsync(CancellationToken.None))
            .Add(EngramTestSetup.RuntimeReference)
            .Add(EngramTestSetup.DependencyInjectionReference);
        var prefixes = sources
            .SelectMany((source, index) => CSharpSyntaxTree.ParseText(source.Text).GetRoot().DescendantTokens()
                .Where((_, tokenIndex) => tokenIndex % Stride == index % Stride)
                .Select(token => (source.Name, Text: source.Text.Substring(0, token.Span.End))))
            .DistinctBy(prefix => prefix.Text)
            .ToList();
        var failures = new ConcurrentQueue<string>();
        var offered = new ConcurrentDictionary<string, int>(Fixes.ToDictionary(fix => fix.GetType().Name, _ => 0));
        var stopwatch = Stopwatch.StartNew();

        await Parallel.ForEachAsync(
            prefixes,
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            async (prefix, cancellationToken) =>
            {
                using var workspace = new AdhocWorkspace();
                var document = workspace.CurrentSolution
                    .AddProject("Prefix", "Prefix", LanguageNames.CSharp)
                    .WithMetadataReferences(references)
                    .WithCompilationOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable))
                    .AddDocument("Prefix.cs", prefix.Text, filePath: "/0/Prefix.cs");
                var compilation = (await document.Project.GetCompilationAsync(cancellationToken))!;
                var outcome = await AnalyzerRunner.RunAsync(compilation, Analyzers);
                foreach (var diagnostic in outcome.Diagnostics)
                {
                    foreach (var fix in Fixes.Where(fix => fix.FixableDiagnosticIds.Contains(diagnostic.Id)))
                    {
                        try
                        {
                            var actions = new List<CodeAction>();
                            await fix.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), cancellationToken));
                            foreach (var action in actions.SelectMany(action => BulkFixing.NestedActionsOf(action) is { IsEmpty: false } nested ? nested : new[] { action }.ToImmutableArray()))
                            {
                                await action.GetOperationsAsync(cancellationToken);
                                offered.AddOrUpdate(fix.GetType().Name, 1, (_, count) => count + 1);
                            }
                        }
                        catch (Exception exception)
                        {
                            failures.Enqueue($"{fix.GetType().Name} on {diagnostic} in {prefix.Name} cut at {prefix.Text.Length}:\n{exception}");
                        }
                    }
                }
            });

        var counts = string.Join(", ", offered.OrderBy(entry => entry.Key).Select(entry => $"{entry.Key} {entry.Value}"));
        _output.WriteLine($"{prefixes.Count} prefixes (every {Stride}th token) of {sources.Count} sources, fixes computed: {counts}, in {stopwatch.Elapsed}.");
        Assert.True(failures.IsEmpty, $"{failures.Count} code fix failures, first ones:\n{string.Join("\n\n", failures.Take(5))}");
        Assert.All(offered, entry => Assert.True(entry.Value > 10, $"Only {entry.Value} {entry.Key} fixes were offered: the prefixes no longer exercise it."));
    }
}
