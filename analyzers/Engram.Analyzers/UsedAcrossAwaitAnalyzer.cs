using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using Engram.Analyzers.Extensions;
using Engram.Analyzers.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Engram.Analyzers;

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
        messageFormat: "'{0}' is thread-affine and is used after the await on line {1}, which may resume on another thread",
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
            var resumption = new AwaitResumption(start.Compilation, affinity.Types, start.Options.AnalyzerConfigOptionsProvider);
            var otherThreadCaptures = new AffineCaptureFinder(affinity, new OtherThreadSinks(affinity.Types), start.Compilation);
            start.RegisterOperationAction(
                operationContext => AnalyzeExecutableRoot(operationContext, affinity, resumption, otherThreadCaptures),
                OperationKind.MethodBody,
                OperationKind.ConstructorBody,
                OperationKind.FieldInitializer,
                OperationKind.PropertyInitializer);
        });
    }

    private static void AnalyzeExecutableRoot(
        OperationAnalysisContext context, ThreadAffinityContext affinity, AwaitResumption resumption, AffineCaptureFinder otherThreadCaptures)
    {
        // Cheap checks first: the graph is built only for code that awaits and touches an affine value.
        var root = context.Operation;
        if (!ContainsAwait(root.Syntax) || !TouchesAffineValue(root, affinity))
        {
            return;
        }

        var singleThreadedContext = resumption.HasSingleThreadedContext(root.Syntax.SyntaxTree);
        var staleUses = new List<StaleAffineUse>();
        AnalyzeFunction(context, context.GetControlFlowGraph(), affinity, resumption, singleThreadedContext, staleUses);
        if (staleUses.Count == 0)
        {
            return;
        }

        // A captured handle used after an await inside a delegate that a sink runs on another thread is ENG001's:
        // the capture is the root cause, and its fix (the thread's own handle at the use) settles both.
        var reportedByCapturedByOtherThread = otherThreadCaptures.FindCaptureSpans(root, context.CancellationToken);
        foreach (var use in staleUses)
        {
            if (!reportedByCapturedByOtherThread.Contains(use.Value.Syntax.Span))
            {
                Report(context, use);
            }
        }
    }

    /// <summary>Collects the stale uses of one function's graph, then of the async lambdas and local functions declared in it.</summary>
    private static void AnalyzeFunction(
        OperationAnalysisContext context,
        ControlFlowGraph graph,
        ThreadAffinityContext affinity,
        AwaitResumption resumption,
        bool singleThreadedContext,
        List<StaleAffineUse> staleUses)
    {
        staleUses.AddRange(AwaitCrossingAnalysis.FindStaleUses(graph, affinity, resumption, singleThreadedContext, context.CancellationToken));

        foreach (var localFunction in graph.LocalFunctions)
        {
            var declarations = localFunction.DeclaringSyntaxReferences;
            if (declarations.Length == 1 && ContainsAwait(declarations[0].GetSyntax(context.CancellationToken)))
            {
                var localFunctionGraph = graph.GetLocalFunctionControlFlowGraph(localFunction, context.CancellationToken);
                AnalyzeFunction(context, localFunctionGraph, affinity, resumption, singleThreadedContext, staleUses);
            }
        }

        foreach (var block in graph.Blocks)
        {
            foreach (var operation in block.Operations)
            {
                foreach (var descendant in operation.DescendantsAndSelf())
                {
                    if (descendant is IFlowAnonymousFunctionOperation function && ContainsAwait(function.Syntax))
                    {
                        var functionGraph = graph.GetAnonymousFunctionControlFlowGraph(function, context.CancellationToken);
                        AnalyzeFunction(context, functionGraph, affinity, resumption, singleThreadedContext, staleUses);
                    }
                }
            }
        }
    }

    private static void Report(OperationAnalysisContext context, StaleAffineUse use)
    {
        var awaitSyntax = use.CrossedAwait.Syntax;
        var awaitLine = awaitSyntax.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
        var properties = ImmutableDictionary<string, string?>.Empty
            .Add(AwaitPositionProperty, awaitSyntax.SpanStart.ToString(CultureInfo.InvariantCulture))
            .Add(SeveralAwaitsProperty, use.CrossesSeveralAwaits.ToString());
        context.ReportDiagnostic(Diagnostic.Create(Rule, use.Value.Syntax.GetLocation(), properties, use.Name, awaitLine));
    }

    private static bool ContainsAwait(SyntaxNode node)
    {
        foreach (var token in node.DescendantTokens())
        {
            if (token.IsKind(SyntaxKind.AwaitKeyword))
            {
                return true;
            }
        }

        return false;
    }

    private static bool TouchesAffineValue(IOperation root, ThreadAffinityContext affinity)
    {
        foreach (var operation in root.DescendantsAndSelf())
        {
            if (affinity.IsThreadAffine(operation.Type))
            {
                return true;
            }
        }

        return false;
    }
}
