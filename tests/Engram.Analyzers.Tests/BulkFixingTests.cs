using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Engram.Analyzers.Tests.TestSupport;
using Microsoft.CodeAnalysis;
using Xunit;
using Xunit.Abstractions;

namespace Engram.Analyzers.Tests;

/// <summary>
/// Bulk fixing as <c>dotnet format analyzers</c> does it (see <see cref="BulkFixing"/>), on code written the naive way:
/// every rule's Fix All, started from whichever diagnostic comes first, in rule orders and diagnostic orders that
/// change from run to run. Two passes must reach code that compiles with no diagnostic left, and every order must
/// give the same text.
/// </summary>
public sealed class BulkFixingTests
{
    private static readonly string[] Rules = { "ENG001", "ENG002", "ENG003", "ENG004", "ENG005" };
    private static readonly string SourcesDirectory = Path.Combine(RepositoryPaths.Root, "tests", "Engram.Analyzers.Tests", "BulkFixingSources");

    private readonly ITestOutputHelper _output;

    public BulkFixingTests(ITestOutputHelper output) => _output = output;

    public static IEnumerable<object[]> Samples() => new[]
    {
        new object[] { "samples/Misuse/Program.cs", false },
        new object[] { "samples/Misuse/NaiveWebApp/Program.cs", true },
    };

    [Fact]
    public async Task Naive_web_app_with_a_repository_a_worker_and_a_fan_out_helper_is_fixed_into_the_expected_code()
    {
        var sources = Directory.GetFiles(Path.Combine(SourcesDirectory, "Naive"), "*.cs")
            .OrderBy(file => file, System.StringComparer.Ordinal)
            .Select(file => (Path.GetFileName(file), File.ReadAllText(file)))
            .ToArray();
        var bulk = await BulkFixing.CreateAsync(OutputKind.ConsoleApplication, aspNetCore: true, sources);
        Assert.Equal(Rules.Take(4), (await BulkFixing.DiagnosticsAsync(bulk.Start, Rules)).Select(d => d.Id).Distinct().Order());

        var results = await FixInEveryOrderAsync(bulk);

        foreach (var (name, _) in sources)
        {
            var expected = File.ReadAllText(Path.Combine(SourcesDirectory, "Fixed", name));
            Assert.Equal(Normalized(expected), Normalized(await BulkFixing.TextOfAsync(results, name)));
        }
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Naive_sample_is_fixed_the_same_way_whatever_the_order(string path, bool aspNetCore)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryPaths.Root, path));
        var bulk = await BulkFixing.CreateAsync(OutputKind.ConsoleApplication, aspNetCore, ("Program.cs", text));
        Assert.NotEmpty(await BulkFixing.DiagnosticsAsync(bulk.Start, Rules));

        var result = await BulkFixing.TextOfAsync(await FixInEveryOrderAsync(bulk), "Program.cs");
        _output.WriteLine(result);

        // Each handle the sample opens becomes one context, made once where the handle was opened.
        Assert.DoesNotContain("Database.FileBased(", result);
        foreach (var line in result.Split('\n').Where(line => line.Contains("GetThreadSafeContext(")))
        {
            Assert.True(line.Length <= 120, $"A long line: {line}");
        }
    }

    /// <summary>
    /// Fixes <paramref name="bulk"/> in ten orders (each rotation of the rules, forwards and backwards, with diagnostics
    /// shuffled), two passes each; asserts that every order gives the same text, that it compiles and that no rule
    /// reports anything on it; returns it.
    /// </summary>
    private static async Task<Solution> FixInEveryOrderAsync(BulkFixing bulk)
    {
        Solution? first = null;
        var firstTexts = new List<string>();
        for (var rotation = 0; rotation < Rules.Length; rotation++)
        {
            var order = Rules.Skip(rotation).Concat(Rules.Take(rotation)).ToArray();
            foreach (var reversed in new[] { false, true })
            {
                var ruleOrder = reversed ? order.Reverse().ToArray() : order;
                var solution = await bulk.RunAsync(ruleOrder, diagnosticOrderSeed: (rotation * 2) + (reversed ? 1 : 0), passes: 2);
                var texts = await TextsAsync(solution);
                if (first is null)
                {
                    first = solution;
                    firstTexts = texts;
                    Assert.Empty(await BulkFixing.CompilerErrorsAsync(solution));
                    Assert.Empty(await BulkFixing.DiagnosticsAsync(solution, Rules));
                }
                else
                {
                    var differing = Enumerable.Range(0, texts.Count).FirstOrDefault(index => texts[index] != firstTexts[index], -1);
                    Assert.True(
                        differing < 0,
                        differing < 0 ? null : $"Fixing in the order {string.Join(", ", ruleOrder)} gave other code:\n{texts[differing]}\ninstead of\n{firstTexts[differing]}");
                }
            }
        }

        return first!;
    }

    private static async Task<List<string>> TextsAsync(Solution solution)
    {
        var texts = new List<string>();
        foreach (var document in solution.Projects.SelectMany(project => project.Documents).OrderBy(document => document.Name, System.StringComparer.Ordinal))
        {
            texts.Add((await document.GetTextAsync()).ToString());
        }

        return texts;
    }

    private static string Normalized(string text) => text.Replace("\r\n", "\n").TrimEnd('\n');
}
