using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Engram.Analyzers.Tests.TestSupport;
using Engram.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using Xunit.Abstractions;

namespace Engram.Analyzers.Tests;

/// <summary>
/// The analyzers see half-typed code in the IDE: they must not throw (AD0001) on any prefix of real code.
/// Every test-project C# literal and sample file is cut after each of its tokens and analyzed by every analyzer.
/// </summary>
public sealed class AnalyzerRobustnessTests
{
    private static readonly Dictionary<string, string> Configuration = new()
    {
        ["engram_thread_affine_types"] = "Realms.Realm, Python.*, System.IO.Stream",
    };

    private readonly ITestOutputHelper _output;

    public AnalyzerRobustnessTests(ITestOutputHelper output) => _output = output;

    // A few milliseconds per prefix on two cores (long sources cost more): this keeps the test near a minute
    // however much the corpus grows.
    private const int MaxPrefixes = 10_000;

    [Fact]
    public async Task Analyzers_never_throw_on_any_token_prefix_of_the_test_and_sample_sources()
    {
        var corpus = RobustnessCorpus.Load();
        Assert.True(corpus.Count >= 50, $"The corpus is too small ({corpus.Count} sources); is the repository layout intact?");

        // With the DI abstractions referenced, ENG004 registers its actions and is exercised too.
        var emptyCompilation = (await AnalyzerRunner.CreateCompilationAsync(referenceRuntime: true))
            .AddReferences(EngramTestSetup.DependencyInjectionReference);
        var analyzers = AnalyzerCatalog.CreateAll();
        var (prefixes, stride) = DistinctTokenPrefixes(corpus);
        var failures = new ConcurrentQueue<string>();
        var reported = new ConcurrentDictionary<string, int>(analyzers.SelectMany(analyzer => analyzer.SupportedDiagnostics).ToDictionary(rule => rule.Id, _ => 0));
        var stopwatch = Stopwatch.StartNew();

        await Parallel.ForEachAsync(
            prefixes,
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            async (prefix, cancellationToken) =>
            {
                var tree = CSharpSyntaxTree.ParseText(prefix.Text, path: "/0/Prefix.cs", cancellationToken: cancellationToken);
                var outcome = await AnalyzerRunner.RunAsync(emptyCompilation.AddSyntaxTrees(tree), analyzers, Configuration);
                foreach (var exception in outcome.AnalyzerExceptions)
                {
                    failures.Enqueue($"{prefix.Name} cut at {prefix.Text.Length}: {exception}");
                }

                foreach (var diagnostic in outcome.Diagnostics)
                {
                    if (diagnostic.Id == "AD0001")
                    {
                        failures.Enqueue($"{prefix.Name} cut at {prefix.Text.Length}: {diagnostic}");
                    }
                    else if (reported.ContainsKey(diagnostic.Id))
                    {
                        reported.AddOrUpdate(diagnostic.Id, 1, (_, count) => count + 1);
                    }
                }
            });

        _output.WriteLine(
            $"Analyzed {prefixes.Count} distinct prefixes (every {(stride == 1 ? "token" : $"{stride}th token")}) of {corpus.Count} sources "
            + $"with {analyzers.Length} analyzers in {stopwatch.Elapsed}; diagnostics: "
            + string.Join(", ", reported.OrderBy(entry => entry.Key).Select(entry => $"{entry.Key} {entry.Value}")) + ".");
        Assert.True(failures.IsEmpty, $"{failures.Count} analyzer failures, first ones:\n{string.Join("\n\n", failures.Take(5))}");
        Assert.All(reported, entry => Assert.True(entry.Value > 0, $"{entry.Key} was never reported: its analyzer is not exercised."));
    }

    /// <summary>
    /// Every distinct prefix ending after a token (sources share their using directives and templates, so many
    /// prefixes repeat). Past <see cref="MaxPrefixes"/>, every stride-th token of each source, offset per source so
    /// that together they still cut after every kind of token.
    /// </summary>
    private static (List<(string Name, string Text)> Prefixes, int Stride) DistinctTokenPrefixes(IReadOnlyList<(string Name, string Text)> corpus)
    {
        var cuts = corpus
            .Select(source => (source.Name, source.Text, Ends: CSharpSyntaxTree.ParseText(source.Text).GetRoot()
                .DescendantTokens()
                .Where(token => !token.IsKind(SyntaxKind.EndOfFileToken))
                .Select(token => token.Span.End)
                .ToList()))
            .ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var all = cuts.SelectMany(source => source.Ends.Select(end => source.Text.Substring(0, end))).Count(seen.Add);
        var stride = (all + MaxPrefixes - 1) / MaxPrefixes;

        seen.Clear();
        var prefixes = new List<(string Name, string Text)>();
        for (var index = 0; index < cuts.Count; index++)
        {
            var (name, text, ends) = cuts[index];
            for (var cut = index % stride; cut < ends.Count; cut += stride)
            {
                var prefix = text.Substring(0, ends[cut]);
                if (seen.Add(prefix))
                {
                    prefixes.Add((name, prefix));
                }
            }
        }

        return (prefixes, stride);
    }
}
