using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Engram.Analyzers.AwaitCrossing;
using Engram.Analyzers.Extensions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;

namespace Engram.Analyzers.Scopes;

/// <summary>
/// Finds the locks and scopes (ENG005) one member holds across an await: on its control-flow graph, then on the graphs
/// of the lambdas and local functions declared in it, each function with its own awaits. One instance per compilation.
/// </summary>
internal sealed class HeldLockSearch
{
    /// <summary>
    /// Every known acquisition's code names one of these: the methods that acquire (<c>WaitOne</c>, <c>WaitAll</c>,
    /// <c>WaitAny</c>, <c>Enter</c> in <c>Monitor.Enter</c>, <c>TryEnter</c>, <c>EnterReadLock</c>, ...,
    /// <c>Acquire*Lock</c>, <c>UpgradeToWriterLock</c>, <c>BeginAllowThreads</c>, <c>GIL</c>) or an owned mutex's
    /// creation (<c>Mutex</c>, <c>new(true</c>, <c>initiallyOwned</c>).
    /// </summary>
    private static readonly string[] AcquisitionWords =
    {
        "WaitOne", "WaitAll", "WaitAny", "Enter", "Acquire", "UpgradeToWriterLock", "BeginAllowThreads", "GIL",
        "Mutex", "new(true", "new (true", "initiallyOwned",
    };

    private readonly LockCatalog _catalog;

    public HeldLockSearch(LockCatalog catalog) => _catalog = catalog;

    /// <summary>
    /// Cheap checks before any graph is built: the member awaits; unless scope types that any call may create exist,
    /// its text names an acquisition and its syntax may put an await between one and a release
    /// (<see cref="LockNameOrder"/>); and its operations may too (<see cref="LockAwaitOrder"/>).
    /// </summary>
    [MethodImpl(HotPath.Optimized)]
    public bool MayHoldAcrossAwait(IOperation root) =>
        root.Syntax.MayContainAwait()
        && (_catalog.Scopes.MayExistBeyondPythonGil
            || (root.Syntax.MayContainAny(AcquisitionWords) && LockNameOrder.MayHoldAcrossAwait(root.Syntax)))
        && LockAwaitOrder.MayHoldAcrossAwait(root, _catalog);

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
}
