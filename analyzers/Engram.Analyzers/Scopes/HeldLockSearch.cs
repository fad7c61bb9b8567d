using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Engram.Analyzers.AwaitCrossing;
using Engram.Analyzers.Extensions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Engram.Analyzers.Scopes;

/// <summary>
/// Finds the locks and scopes (ENG005) one member holds across an await: on its control-flow graph, then on the graphs
/// of the lambdas and local functions declared in it, each function with its own awaits. One instance per compilation.
/// </summary>
internal sealed class HeldLockSearch
{
    private readonly LockCatalog _catalog;

    public HeldLockSearch(LockCatalog catalog) => _catalog = catalog;

    /// <summary>Cheap checks before any graph is built: the member awaits and acquires a known lock or scope.</summary>
    [MethodImpl(HotPath.Optimized)]
    public bool MayHoldAcrossAwait(IOperation root) => root.Syntax.MayContainAwait() && Acquires(root);

    [MethodImpl(HotPath.Optimized)]
    public List<HeldLockRelease> Find(IOperation root, ControlFlowGraph graph, CancellationToken cancellationToken)
    {
        var singleThreadedContext = _catalog.Resumption.HasSingleThreadedContext(root.Syntax.SyntaxTree);
        var releases = new List<HeldLockRelease>();
        foreach (var functionGraph in AwaitingFunctionGraphs.Of(graph, cancellationToken))
        {
            releases.AddRange(HeldLockAnalysis.Find(functionGraph, _catalog, singleThreadedContext, cancellationToken));
        }

        return releases;
    }

    [MethodImpl(HotPath.Optimized)]
    private bool Acquires(IOperation root)
    {
        var events = new List<LockEvent>();
        foreach (var operation in root.DescendantsAndSelf())
        {
            _catalog.AddEvents(operation, events);
            foreach (var lockEvent in events)
            {
                if (lockEvent.IsAcquisition)
                {
                    return true;
                }
            }

            events.Clear();
        }

        return false;
    }
}
