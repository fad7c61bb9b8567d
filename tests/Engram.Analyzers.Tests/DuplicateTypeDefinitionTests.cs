using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Engram.Analyzers.Rules;
using Engram.Analyzers.Tests.TestSupport;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace Engram.Analyzers.Tests;

/// <summary>
/// A reference that defines a framework type again (a polyfill library does) must not switch off the checks that
/// rely on that type: the compiler's own lookup gives up on such names, the rules must not. Nor may a reference that
/// code reaches only through an extern alias.
/// </summary>
public sealed class DuplicateTypeDefinitionTests
{
    private const string Polyfills = """
        namespace System.Threading.Tasks { internal static class Parallel { public static void For(int from, int to, System.Action<int> body) { } } }
        namespace System.Threading { internal sealed class ThreadLocal<T> { } }
        """;

    [Fact]
    public async Task A_sink_type_defined_again_by_a_reference_is_still_a_sink()
    {
        var diagnostics = await AnalyzeWithPolyfillsAsync(new CapturedByOtherThreadAnalyzer(), """
            using System.Threading.Tasks;
            using EngramDb;
            class C
            {
                void M()
                {
                    var db = Database.FileBased("store");
                    Parallel.For(0, 4, i => db.ListAll());
                }
            }
            """);

        Assert.Equal(new[] { "ENG001" }, diagnostics.Select(d => d.Id));
    }

    [Fact]
    public async Task Per_thread_storage_defined_again_by_a_reference_still_holds_nothing_shared()
    {
        var diagnostics = await AnalyzeWithPolyfillsAsync(new AffineValueInSharedStateAnalyzer(), """
            using System.Threading;
            using EngramDb;
            class C
            {
                static readonly ThreadLocal<Database> s_handles = new(() => Database.FileBased("store"));
            }
            """);

        Assert.Empty(diagnostics);
    }

    [Fact]
    public async Task A_hosted_service_base_reached_through_an_extern_alias_is_still_known()
    {
        const string Hosting = """
            namespace Microsoft.Extensions.Hosting
            {
                public abstract class BackgroundService { protected abstract System.Threading.Tasks.Task ExecuteAsync(System.Threading.CancellationToken stoppingToken); }
            }
            """;
        var compilation = await AnalyzerRunner.CreateCompilationAsync(referenceRuntime: true, """
            extern alias hosting;
            using System.Threading;
            using System.Threading.Tasks;
            using EngramDb;

            public sealed class Indexer : hosting::Microsoft.Extensions.Hosting.BackgroundService
            {
                private readonly Database _db = Database.FileBased("store");

                protected override Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    _db.ListAll();
                    return Task.CompletedTask;
                }
            }
            """);
        compilation = compilation.AddReferences(Compile("Hosting", Hosting, compilation.References).WithAliases(new[] { "hosting" }));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var outcome = await AnalyzerRunner.RunAsync(compilation, ImmutableArray.Create<DiagnosticAnalyzer>(new CapturedByOtherThreadAnalyzer()));

        Assert.Empty(outcome.AnalyzerExceptions);
        Assert.Equal(new[] { "ENG001" }, outcome.Diagnostics.Select(d => d.Id));
    }

    private static async Task<ImmutableArray<Diagnostic>> AnalyzeWithPolyfillsAsync(DiagnosticAnalyzer analyzer, string source)
    {
        var compilation = await AnalyzerRunner.CreateCompilationAsync(referenceRuntime: true, source);
        compilation = compilation.AddReferences(Compile("Polyfills", Polyfills, compilation.References));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var outcome = await AnalyzerRunner.RunAsync(compilation, ImmutableArray.Create(analyzer));
        Assert.Empty(outcome.AnalyzerExceptions);
        return outcome.Diagnostics;
    }

    private static MetadataReference Compile(string assemblyName, string source, System.Collections.Generic.IEnumerable<MetadataReference> references)
    {
        var library = CSharpCompilation.Create(
            assemblyName,
            new[] { CSharpSyntaxTree.ParseText(source) },
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var image = new MemoryStream();
        var emitted = library.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        return MetadataReference.CreateFromImage(image.ToArray());
    }
}
