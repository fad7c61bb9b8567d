using System;
using System.Collections.Generic;
using System.Collections.Immutable;
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
/// and local functions declared in it, each bug once. One instance per compilation.
/// </summary>
/// <remarks>
/// One value crossing one await is one bug however often it is used afterwards: the first use is reported, the
/// later ones ride along as additional locations (a fix repairs them all).
/// </remarks>
internal sealed class StaleUseSearch
{
    private readonly ThreadAffinityContext _affinity;
    private readonly AwaitResumption _resumption;
    private readonly OtherThreadSinks _sinks;
    private readonly AffineCaptureFinder _otherThreadCaptures;
    private readonly Func<ITypeSymbol, bool> _holdsAffineValue;

    public StaleUseSearch(ThreadAffinityContext affinity, AwaitResumption resumption, Compilation compilation)
    {
        _affinity = affinity;
        _resumption = resumption;
        var captureAnalysis = CaptureAnalysis.For(affinity, compilation);
        _sinks = captureAnalysis.Sinks;
        _otherThreadCaptures = captureAnalysis.Captures;
        _holdsAffineValue = type => affinity.FindHeldAffineValue(type) is not null;
    }

    /// <summary>
    /// Cheap checks before any graph is built: the member awaits (or is an async iterator) and an affine value it
    /// touches may exist before a resumption point (<see cref="ResumptionScreen"/>).
    /// </summary>
    public bool MayHaveStaleUses(IOperation root, ISymbol member)
    {
        var isAsyncIterator = IsAsyncIterator(member as IMethodSymbol);
        return (isAsyncIterator || root.Syntax.MayContainAwait()) && ResumptionScreen.MayCrossResumption(root, isAsyncIterator, _holdsAffineValue);
    }

    /// <param name="root">A member body or initializer.</param>
    /// <param name="member">The member <paramref name="root"/> belongs to.</param>
    /// <param name="graph">The control-flow graph of <paramref name="root"/>.</param>
    [MethodImpl(HotPath.Optimized)]
    public List<StaleAffineUse> FindStaleUses(IOperation root, ISymbol member, ControlFlowGraph graph, CancellationToken cancellationToken)
    {
        var singleThreadedContext = _resumption.HasSingleThreadedContext(root.Syntax.SyntaxTree);
        var functionCaptures = new SameThreadFunctionCaptures(root, _otherThreadCaptures, _sinks, cancellationToken);
        var staleUses = new List<StaleAffineUse>();
        foreach (var functionGraph in AwaitingFunctionGraphs.Of(graph, cancellationToken))
        {
            var function = functionGraph.OriginalOperation switch
            {
                ILocalFunctionOperation localFunction => localFunction.Symbol,
                IAnonymousFunctionOperation lambda => lambda.Symbol,
                _ => member as IMethodSymbol,
            };
            staleUses.AddRange(AwaitCrossingAnalysis.FindStaleUses(
                functionGraph, _affinity, functionCaptures, _resumption, singleThreadedContext, IsAsyncIterator(function), cancellationToken));
        }

        if (staleUses.Count == 0)
        {
            return staleUses;
        }

        // A captured handle used after an await inside a delegate that a sink runs on another thread is ENG001's:
        // the capture is the root cause, and its fix (the thread's own handle at the use) settles both. A capture
        // used where its function runs and again after an await inside it is found twice: reported once. So is the
        // state a hosted service's ExecuteAsync uses: ENG001 reports it, as the whole method runs elsewhere.
        var reported = _otherThreadCaptures.FindCaptureSpans(root, cancellationToken);
        var usedByExecuteAsync = StateReportedForExecuteAsync(member);
        staleUses.RemoveAll(use => !reported.Add(use.Value.Syntax.Span) || (usedByExecuteAsync.Contains(use.Name) && IsThisState(use.Value)));
        return OnePerValueAndAwait(staleUses);
    }

    private static List<StaleAffineUse> OnePerValueAndAwait(List<StaleAffineUse> staleUses)
    {
        // Uses that other paths reach through other awaits too are kept apart: a fix handles them differently.
        var byBug = new Dictionary<(string Name, IOperation Await, bool SeveralAwaits), List<StaleAffineUse>>();
        foreach (var use in staleUses)
        {
            var key = (use.Name, use.CrossedAwait, use.CrossesSeveralAwaits);
            if (!byBug.TryGetValue(key, out var same))
            {
                byBug.Add(key, same = new List<StaleAffineUse>());
            }

            same.Add(use);
        }

        var reported = new List<StaleAffineUse>(byBug.Count);
        foreach (var same in byBug.Values)
        {
            same.Sort((left, right) => left.Value.Syntax.SpanStart.CompareTo(right.Value.Syntax.SpanStart));
            var others = ImmutableArray.CreateBuilder<IOperation>(same.Count - 1);
            for (var index = 1; index < same.Count; index++)
            {
                others.Add(same[index].Value);
            }

            reported.Add(same[0].WithOtherUses(others.MoveToImmutable()));
        }

        return reported;
    }

    private HashSet<string> StateReportedForExecuteAsync(ISymbol member)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (member is IMethodSymbol { Name: "ExecuteAsync", IsOverride: true } method
            && _affinity.Types.BackgroundService is { } backgroundService
            && method.Overrides(backgroundService))
        {
            foreach (var use in _otherThreadCaptures.ThisStateUsedBy(method))
            {
                names.Add(use.Name);
            }
        }

        return names;
    }

    private static bool IsThisState(IOperation use) => use switch
    {
        IMemberReferenceOperation member => member.HasThisReceiver(),
        IInvocationOperation { Instance: { } receiver } => receiver.WalkDownConversions() is IInstanceReferenceOperation,
        _ => false,
    };

    private bool IsAsyncIterator(IMethodSymbol? function) =>
        function is { IsAsync: true, ReturnType: INamedTypeSymbol returned }
        && (returned.OriginalDefinition.Equals(_affinity.Types.AsyncEnumerableOfT, SymbolEqualityComparer.Default)
            || returned.OriginalDefinition.Equals(_affinity.Types.AsyncEnumeratorOfT, SymbolEqualityComparer.Default));
}
