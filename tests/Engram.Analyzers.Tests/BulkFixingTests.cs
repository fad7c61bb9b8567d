using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Engram.Analyzers.Tests.TestSupport;
using Microsoft.CodeAnalysis;
using Xunit;
using Xunit.Abstractions;

namespace Engram.Analyzers.Tests;

public sealed class BulkFixingTests
{
    private static readonly string[] Rules = { "ENG001", "ENG002", "ENG003", "ENG004", "ENG005" };

    private readonly ITestOutputHelper _output;

    public BulkFixingTests(ITestOutputHelper output) => _output = output;

    public static IEnumerable<object[]> Samples() => new[]
    {
        new object[] { "samples/Misuse/Program.cs", false },
        new object[] { "samples/Misuse/NaiveWebApp/Program.cs", true },
    };

    [Fact]
    public async Task Realistic()
    {
        var directory = Path.Combine(RepositoryPaths.Root, "tests", "Engram.Analyzers.Tests", "BulkFixingSources");
        var sources = Directory.GetFiles(directory, "*.cs").OrderBy(f => f).Select(f => (Path.GetFileName(f), File.ReadAllText(f))).ToArray();
        var bulk = await BulkFixing.CreateAsync(OutputKind.ConsoleApplication, true, sources);
        foreach (var d in await BulkFixing.CompilerErrorsAsync(bulk.Start)) _output.WriteLine("START " + d.ToString());
        foreach (var d in await BulkFixing.DiagnosticsAsync(bulk.Start, Rules)) _output.WriteLine("START " + d.ToString());
        var solution = await bulk.RunAsync(Rules, 3, 2);
        foreach (var (name, _) in sources) _output.WriteLine("=== " + name + "\n" + await BulkFixing.TextOfAsync(solution, name));
        foreach (var d in await BulkFixing.CompilerErrorsAsync(solution)) _output.WriteLine(d.ToString());
        foreach (var d in await BulkFixing.DiagnosticsAsync(solution, Rules)) _output.WriteLine(d.ToString());
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Sample(string path, bool aspNetCore)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryPaths.Root, path));
        var bulk = await BulkFixing.CreateAsync(OutputKind.ConsoleApplication, aspNetCore, ("Program.cs", text));
        string? first = null;
        for (var rotation = 0; rotation < Rules.Length; rotation++)
        {
            var order = Rules.Skip(rotation).Concat(Rules.Take(rotation)).ToArray();
            foreach (var reversed in new[] { false, true })
            {
                var solution = await bulk.RunAsync(reversed ? order.Reverse().ToArray() : order, rotation * 7 + (reversed ? 1 : 0), 2);
                var result = await BulkFixing.TextOfAsync(solution, "Program.cs");
                if (first is null)
                {
                    first = result;
                    _output.WriteLine(result);
                }
                else if (result != first)
                {
                    _output.WriteLine($"DIFFERENT for {string.Join(",", order)} reversed={reversed}:\n{result}");
                }

                foreach (var d in await BulkFixing.CompilerErrorsAsync(solution)) _output.WriteLine(d.ToString());
                foreach (var d in await BulkFixing.DiagnosticsAsync(solution, Rules)) _output.WriteLine(d.ToString());
            }
        }
    }
}
