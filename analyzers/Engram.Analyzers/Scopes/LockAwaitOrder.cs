using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace Engram.Analyzers.Scopes;

/// <summary>
/// A sound, cheap test on a member's operation tree before any control-flow graph is built: can an await lie on a path
/// from an acquisition to a release of the same kind of lock?
/// </summary>
/// <remarks>
/// Without loops and <c>goto</c>, code runs in source order (a <c>finally</c> or <c>catch</c> comes after its
/// <c>try</c>, an argument's await before the call using it), so such a path needs an await that ends after the
/// acquisition starts and starts before the release ends. A loop holding an await and an acquisition or release of
/// that kind, a <c>goto</c>, or a newly created scope or owned mutex followed by any await (its release point is
/// wherever its holder is disposed) send the member to the graph. Locks are compared by kind and mode only, and awaits
/// of nested functions count too: both can only send more members to the graph than need it.
/// </remarks>
internal sealed class LockAwaitOrder
{
    private readonly List<(string Key, TextSpan Span, bool CreatesHolder)> _acquisitions = new();
    private readonly List<(string Key, TextSpan Span)> _releases = new();
    private readonly List<TextSpan> _awaits = new();
    private readonly List<TextSpan> _loops = new();
    private bool _hasGoto;

    [MethodImpl(HotPath.Optimized)]
    public static bool MayHoldAcrossAwait(IOperation root, LockCatalog catalog)
    {
        var order = new LockAwaitOrder();
        var events = new List<LockEvent>();
        foreach (var operation in root.DescendantsAndSelf())
        {
            order.Add(operation, catalog, events);
        }

        return order.MayCross();
    }

    [MethodImpl(HotPath.Optimized)]
    private void Add(IOperation operation, LockCatalog catalog, List<LockEvent> events)
    {
        var span = operation.Syntax.Span;
        switch (operation)
        {
            case IAwaitOperation:
                _awaits.Add(span);
                return;
            case IForEachLoopOperation { IsAsynchronous: true }:
                _awaits.Add(span);
                _loops.Add(span);
                return;
            case ILoopOperation:
                _loops.Add(span);
                return;
            case IUsingOperation { IsAsynchronous: true }:
                _awaits.Add(span);
                return;
            case IUsingDeclarationOperation { IsAsynchronous: true }:
                // DisposeAsync is awaited where the declaration's block ends.
                _awaits.Add(operation.Syntax.FirstAncestorOrSelf<BlockSyntax>()?.Span is { } block ? TextSpan.FromBounds(span.Start, block.End) : span);
                return;
            case IBranchOperation { BranchKind: BranchKind.GoTo }:
                _hasGoto = true;
                return;
            case IInvocationOperation or IObjectCreationOperation:
                events.Clear();
                catalog.AddEvents(operation, events);
                foreach (var lockEvent in events)
                {
                    var key = lockEvent.Kind + "#" + lockEvent.Mode;
                    if (lockEvent.IsAcquisition)
                    {
                        _acquisitions.Add((key, span, lockEvent.TargetIsHolder));
                    }
                    else
                    {
                        _releases.Add((key, span));
                    }
                }

                return;
        }
    }

    [MethodImpl(HotPath.Optimized)]
    private bool MayCross()
    {
        if (_acquisitions.Count == 0 || _awaits.Count == 0)
        {
            return false;
        }

        if (_hasGoto)
        {
            return true;
        }

        foreach (var (key, acquisition, createsHolder) in _acquisitions)
        {
            foreach (var awaited in _awaits)
            {
                if (awaited.End <= acquisition.Start)
                {
                    continue;
                }

                if (createsHolder)
                {
                    return true;
                }

                foreach (var (releaseKey, release) in _releases)
                {
                    if (releaseKey == key && awaited.Start < release.End)
                    {
                        return true;
                    }
                }
            }

            if (InLoopWithAwait(acquisition))
            {
                return true;
            }
        }

        foreach (var (_, release) in _releases)
        {
            if (InLoopWithAwait(release))
            {
                return true;
            }
        }

        return false;
    }

    private bool InLoopWithAwait(TextSpan span)
    {
        foreach (var loop in _loops)
        {
            if (!loop.Contains(span))
            {
                continue;
            }

            foreach (var awaited in _awaits)
            {
                if (loop.OverlapsWith(awaited))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
