using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using Engram.Analyzers.Affinity;
using Engram.Analyzers.AwaitCrossing;
using Engram.Analyzers.Captures;
using Engram.Analyzers.Extensions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Engram.Analyzers.Rules;

/// <summary>
/// ENG002: a thread-affine value obtained before an <c>await</c> is used after it. Without a single-threaded
/// synchronization context the code after the await may run on another pool thread, where using the handle panics
/// (EngramDB) or throws <c>CrossThreadAccessException</c>. Decided on the control-flow graph by
/// <see cref="AwaitCrossingAnalysis"/>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UsedAcrossAwaitAnalyzer : DiagnosticAnalyzer
{
    public const string DiagnosticId = "ENG002";

    /// <summary>Diagnostic property: start of the crossed await's syntax in the document, where a fix re-acquires the handle.</summary>
    public const string AwaitPositionProperty = "AwaitPosition";

    /// <summary>Diagnostic property: <c>True</c> when other paths reach the use through other awaits too.</summary>
    public const string SeveralAwaitsProperty = "SeveralAwaits";

    internal static readonly DiagnosticDescriptor Rule = new(
        DiagnosticId,
        title: "Thread-affine value used after an await that may resume on another thread",
        messageFormat: "'{0}' ({1}) is thread-affine{2} and is used{3} after the {4} on line {5}, which may resume on another thread; obtain it again after the await (for EngramDB, read ctx.Db of a ThreadSafeAgentContext there)",
        RuleCategories.Threading,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A thread-affine handle may only be used on the thread that created it. Without a single-threaded "
            + "synchronization context (ASP.NET Core, console apps, workers) the code after an await continues on whatever "
            + "thread completed the task, so a handle obtained before the await is used from the wrong thread. Obtain the "
            + "handle again after the await, for example from EngramThreadSafe.GetThreadSafeContext(path).Db or ctx.Db.",
        helpLinkUri: RuleHelp.LinkFor(DiagnosticId));

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterThreadAffinityAnalysis((start, affinity) =>
        {
            var resumption = new AwaitResumption(affinity.Types, start.Options.AnalyzerConfigOptionsProvider);
            var search = new StaleUseSearch(affinity, resumption, start.Compilation);
            start.RegisterOperationAction(
                operationContext => AnalyzeExecutableRoot(operationContext, affinity, search),
                OperationKind.MethodBody,
                OperationKind.ConstructorBody,
                OperationKind.FieldInitializer,
                OperationKind.PropertyInitializer);
        });
    }

    [MethodImpl(HotPath.Optimized)]
    private static void AnalyzeExecutableRoot(OperationAnalysisContext context, ThreadAffinityContext affinity, StaleUseSearch search)
    {
        // The graph is built only for code that may resume elsewhere and touches an affine value.
        if (!search.MayHaveStaleUses(context.Operation, context.ContainingSymbol))
        {
            return;
        }

        foreach (var use in search.FindStaleUses(context.Operation, context.ContainingSymbol, context.GetControlFlowGraph(), context.CancellationToken))
        {
            Report(context, affinity, use);
        }
    }

    private static void Report(OperationAnalysisContext context, ThreadAffinityContext affinity, StaleAffineUse use)
    {
        var awaitSyntax = use.CrossedAwait.Syntax;
        var awaitLine = awaitSyntax.GetLocation().GetMappedLineSpan().StartLinePosition.Line + 1;
        var properties = ImmutableDictionary<string, string?>.Empty
            .Add(AwaitPositionProperty, awaitSyntax.SpanStart.ToString(CultureInfo.InvariantCulture))
            .Add(SeveralAwaitsProperty, use.CrossesSeveralAwaits.ToString());
        var otherUses = use.OtherUses.Select(other => other.Syntax.GetLocation());
        context.ReportDiagnostic(Diagnostic.Create(
            Rule,
            use.Value.Syntax.GetLocation(),
            otherUses,
            properties,
            use.Name,
            use.Type?.ToMessageString() ?? use.Name,
            use.Type is null ? string.Empty : affinity.DescribeWhy(use.Type),
            CapturedAffineValue.DescribePath(use.Path),
            use.IsAfterYield ? "yield return" : "await",
            awaitLine));
    }
}
