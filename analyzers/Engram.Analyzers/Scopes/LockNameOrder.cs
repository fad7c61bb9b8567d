using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Engram.Analyzers.Scopes;

/// <summary>
/// The same question as <see cref="LockAwaitOrder"/>, asked of the syntax alone, before any operation is created:
/// calls are recognised by their method name only, so every call that could acquire or release a known lock counts.
/// </summary>
/// <remarks>
/// Valid only when no scope beyond pythonnet's GIL state can exist (<see cref="ScopeTypes.MayExistBeyondPythonGil"/>):
/// a user-declared scope may be created by a call of any name. A call named like an acquisition, an await, a release of
/// the same family after them in source order, a loop holding an await and one of those calls, a <c>goto</c>, or a
/// creation of a lock or scope that its holder releases (<c>Py.GIL()</c>, <c>BeginAllowThreads</c>,
/// <c>new Mutex(true, ...)</c>) before an await send the member on to <see cref="LockAwaitOrder"/>.
/// </remarks>
internal sealed class LockNameOrder
{
    private const string Holder = "holder";

    private static readonly Dictionary<string, (string Family, bool IsAcquisition)> Calls = new()
    {
        ["WaitOne"] = ("mutex", true), ["WaitAll"] = ("mutex", true), ["WaitAny"] = ("mutex", true), ["ReleaseMutex"] = ("mutex", false),
        ["Enter"] = ("enter", true), ["TryEnter"] = ("enter", true), ["Exit"] = ("enter", false),
        ["EnterReadLock"] = ("read", true), ["TryEnterReadLock"] = ("read", true), ["ExitReadLock"] = ("read", false),
        ["EnterWriteLock"] = ("write", true), ["TryEnterWriteLock"] = ("write", true), ["ExitWriteLock"] = ("write", false),
        ["EnterUpgradeableReadLock"] = ("upgradeable", true), ["TryEnterUpgradeableReadLock"] = ("upgradeable", true),
        ["ExitUpgradeableReadLock"] = ("upgradeable", false),
        ["AcquireReaderLock"] = ("reader", true), ["ReleaseReaderLock"] = ("reader", false),
        ["AcquireWriterLock"] = ("writer", true), ["UpgradeToWriterLock"] = ("writer", true),
        ["ReleaseWriterLock"] = ("writer", false), ["DowngradeFromWriterLock"] = ("writer", false),
        ["ReleaseLock"] = ("reader writer", false),
        ["GIL"] = (Holder, true), ["BeginAllowThreads"] = (Holder, true),
    };

    private readonly List<(string Family, TextSpan Span)> _acquisitions = new();
    private readonly List<(string Family, TextSpan Span)> _releases = new();
    private readonly List<TextSpan> _awaits = new();
    private readonly List<TextSpan> _loops = new();
    private bool _hasGoto;

    [MethodImpl(HotPath.Optimized)]
    public static bool MayHoldAcrossAwait(SyntaxNode body)
    {
        var order = new LockNameOrder();
        foreach (var node in body.DescendantNodesAndSelf())
        {
            order.Add(node);
        }

        return order.MayCross();
    }

    [MethodImpl(HotPath.Optimized)]
    private void Add(SyntaxNode node)
    {
        switch (node)
        {
            case AwaitExpressionSyntax:
                _awaits.Add(node.Span);
                break;
            case CommonForEachStatementSyntax { AwaitKeyword.RawKind: (int)SyntaxKind.AwaitKeyword }:
                _awaits.Add(node.Span);
                _loops.Add(node.Span);
                break;
            case UsingStatementSyntax { AwaitKeyword.RawKind: (int)SyntaxKind.AwaitKeyword }:
                _awaits.Add(node.Span);
                break;
            case LocalDeclarationStatementSyntax { AwaitKeyword.RawKind: (int)SyntaxKind.AwaitKeyword }:
                _awaits.Add(node.Parent is { } block ? TextSpan.FromBounds(node.SpanStart, block.Span.End) : node.Span);
                break;
            case WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax:
                _loops.Add(node.Span);
                break;
            case GotoStatementSyntax:
                _hasGoto = true;
                break;
            case InvocationExpressionSyntax invocation when Calls.TryGetValue(MethodName(invocation.Expression), out var call):
                (call.IsAcquisition ? _acquisitions : _releases).Add((call.Family, node.Span));
                break;
            case BaseObjectCreationExpressionSyntax creation when MayCreateOwnedMutex(creation):
                _acquisitions.Add((Holder, node.Span));
                break;
        }
    }

    private static string MethodName(ExpressionSyntax callee) => callee switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        GenericNameSyntax generic => generic.Identifier.ValueText,
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
        _ => string.Empty,
    };

    /// <summary><c>new Mutex(...)</c>, or any creation whose first argument is <c>true</c> or named <c>initiallyOwned</c> (a target-typed or aliased mutex).</summary>
    private static bool MayCreateOwnedMutex(BaseObjectCreationExpressionSyntax creation)
    {
        if (creation is ObjectCreationExpressionSyntax { Type: var type } && type.ToString().EndsWith("Mutex", System.StringComparison.Ordinal))
        {
            return true;
        }

        if (creation.ArgumentList is not { Arguments: { Count: > 0 } arguments })
        {
            return false;
        }

        foreach (var argument in arguments)
        {
            if (argument.NameColon?.Name.Identifier.ValueText == "initiallyOwned")
            {
                return true;
            }
        }

        return arguments[0].Expression.IsKind(SyntaxKind.TrueLiteralExpression);
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

        foreach (var (family, acquisition) in _acquisitions)
        {
            foreach (var awaited in _awaits)
            {
                if (awaited.End <= acquisition.Start)
                {
                    continue;
                }

                if (family == Holder)
                {
                    return true;
                }

                foreach (var (releaseFamily, release) in _releases)
                {
                    if (releaseFamily.Contains(family) && awaited.Start < release.End)
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
            if (loop.Contains(span))
            {
                foreach (var awaited in _awaits)
                {
                    if (loop.OverlapsWith(awaited))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }
}
