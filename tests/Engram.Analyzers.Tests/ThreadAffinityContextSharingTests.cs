using System.Threading;
using System.Threading.Tasks;
using Engram.Analyzers.Affinity;
using Engram.Analyzers.Tests.TestSupport;
using Xunit;

namespace Engram.Analyzers.Tests;

/// <summary>All rules share one context per compilation, so symbols are resolved and type answers cached once.</summary>
public sealed class ThreadAffinityContextSharingTests
{
    [Fact]
    public async Task Rules_analysing_one_compilation_share_one_context()
    {
        var compilation = await AnalyzerRunner.CreateCompilationAsync(referenceRuntime: true, "class C { }");
        var options = AnalyzerRunner.CreateOptions();

        var first = ThreadAffinityContext.TryCreate(compilation, options, CancellationToken.None);
        var second = ThreadAffinityContext.TryCreate(compilation, options, CancellationToken.None);

        Assert.NotNull(first);
        Assert.Same(first, second);
    }

    [Fact]
    public async Task A_new_compilation_or_new_options_get_their_own_context()
    {
        var compilation = await AnalyzerRunner.CreateCompilationAsync(referenceRuntime: true, "class C { }");
        var options = AnalyzerRunner.CreateOptions();
        var context = ThreadAffinityContext.TryCreate(compilation, options, CancellationToken.None);

        var edited = compilation.AddSyntaxTrees(Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("class D { }"));

        Assert.NotSame(context, ThreadAffinityContext.TryCreate(edited, options, CancellationToken.None));
        Assert.NotSame(context, ThreadAffinityContext.TryCreate(compilation, AnalyzerRunner.CreateOptions(), CancellationToken.None));
    }
}
