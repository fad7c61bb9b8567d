using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Engram.Analyzers.Affinity;
using Engram.Analyzers.Captures;
using Engram.Analyzers.Extensions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Engram.Analyzers.AwaitCrossing;

/// <summary>
/// Finds the stale uses (ENG002) of one member: on its control-flow graph, then on the graphs of the async lambdas
/// and local functions declared in it, each use once. One instance per compilation.
/// </summary>
internal sealed class StaleUseSearch
{
    private readonly ThreadAffinityContext _affinity;
    private readonly AwaitResumption _resumption;
    private readonly OtherThreadSinks _sinks;
    private readonly AffineCaptureFinder _otherThreadCaptures;

    public StaleUseSearch(ThreadAffinityContext affinity, AwaitResumption resumption, Compilation compilation)
    {
        _affinity = affinity;
        _resumption = resumption;
        var captureAnalysis = CaptureAnalysis.For(affinity, compilation);
        _sinks = captureAnalysis.Sinks;
        _otherThreadCaptures = captureAnalysis.Captures;
    }

    /// <summary>Cheap checks before any graph is built: the member awaits and touches an affine value.</summary>
    public bool MayHaveStaleUses(IOperation root) => root.Syntax.MayContainAwait() && TouchesAffineValue(root);

    /// <param name="root">A member body or initializer.</param>
    /// <param name="graph">The control-flow graph of <paramref name="root"/>.</param>
    [MethodImpl(HotPath.Optimized)]
    public List<StaleAffineUse> FindStaleUses(IOperation root, ControlFlowGraph graph, CancellationToken cancellationToken)
    {
        var singleThreadedContext = _resumption.HasSingleThreadedContext(root.Syntax.SyntaxTree);
        var functionCaptures = new SameThreadFunctionCaptures(root, _otherThreadCaptures, _sinks, cancellationToken);
        var staleUses = new List<StaleAffineUse>();
        AnalyzeFunction(graph, functionCaptures, singleThreadedContext, staleUses, cancellationToken);
        if (staleUses.Count == 0)
        {
            return staleUses;
        }

        // A captured handle used after an await inside a delegate that a sink runs on another thread is ENG001's:
        // the capture is the root cause, and its fix (the thread's own handle at the use) settles both. A capture
        // used where its function runs and again after an await inside it is found twice: reported once.
        var reported = _otherThreadCaptures.FindCaptureSpans(root, cancellationToken);
        staleUses.RemoveAll(use => !reported.Add(use.Value.Syntax.Span));
        return staleUses;
    }

    [MethodImpl(HotPath.Optimized)]
    private void AnalyzeFunction(
        ControlFlowGraph graph, SameThreadFunctionCaptures functionCaptures, bool singleThreadedContext, List<StaleAffineUse> staleUses, CancellationToken cancellationToken)
    {
        staleUses.AddRange(AwaitCrossingAnalysis.FindStaleUses(graph, _affinity, functionCaptures, _resumption, singleThreadedContext, cancellationToken));

        foreach (var localFunction in graph.LocalFunctions)
        {
            var declarations = localFunction.DeclaringSyntaxReferences;
            if (declarations.Length == 1 && declarations[0].GetSyntax(cancellationToken).MayContainAwait())
            {
                var localFunctionGraph = graph.GetLocalFunctionControlFlowGraph(localFunction, cancellationToken);
                AnalyzeFunction(localFunctionGraph, functionCaptures, singleThreadedContext, staleUses, cancellationToken);
            }
        }

        foreach (var block in graph.Blocks)
        {
            foreach (var operation in block.Operations)
            {
                foreach (var descendant in operation.DescendantsAndSelf())
                {
                    if (descendant is IFlowAnonymousFunctionOperation function && function.Syntax.MayContainAwait())
                    {
                        var functionGraph = graph.GetAnonymousFunctionControlFlowGraph(function, cancellationToken);
                        AnalyzeFunction(functionGraph, functionCaptures, singleThreadedContext, staleUses, cancellationToken);
                    }
                }
            }
        }
    }

    [MethodImpl(HotPath.Optimized)]
    private bool TouchesAffineValue(IOperation root)
    {
        foreach (var operation in root.DescendantsAndSelf())
        {
            if (_affinity.IsThreadAffine(operation.Type))
            {
                return true;
            }
        }

        return false;
    }
}
