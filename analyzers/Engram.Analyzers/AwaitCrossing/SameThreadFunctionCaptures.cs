using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Engram.Analyzers.Captures;
using Engram.Analyzers.Extensions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Engram.Analyzers.AwaitCrossing;

/// <summary>
/// The lambdas, anonymous methods and local functions of one member that may run on the thread reaching them, and
/// the thread-affine values each captures: <c>nodes.ForEach(n =&gt; db.Save(n))</c> uses <c>db</c> where the
/// lambda is created, <c>Save()</c> where the local function is called, <c>work()</c> where the delegate local
/// holding the lambda is invoked; and the state of <c>this</c> that a method or computed property of <c>this</c>
/// uses where it is called (<c>Flush()</c> reading <c>_db</c>).
/// </summary>
/// <remarks>
/// Delegates handed to a sink (<see cref="OtherThreadSinks.IsSinkDelegate"/>) run on another thread: their
/// captures are ENG001's. A captured variable that the function assigns is governed by the function's own flow and
/// left out.
/// </remarks>
internal sealed class SameThreadFunctionCaptures
{
    private static readonly IReadOnlyList<CapturedAffineValue> NoCaptures = Array.Empty<CapturedAffineValue>();

    private readonly IOperation _root;
    private readonly AffineCaptureFinder _captureFinder;
    private readonly OtherThreadSinks _sinks;
    private readonly CancellationToken _cancellationToken;
    private readonly Dictionary<SyntaxNode, IAnonymousFunctionOperation> _lambdas = new();
    private readonly Dictionary<IMethodSymbol, ILocalFunctionOperation> _localFunctions = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ILocalSymbol, IOperation> _functionsInDelegateLocals = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<IOperation, List<CapturedAffineValue>> _capturesByFunction = new();
    private bool _indexed;

    /// <param name="root">The member body or initializer whose control-flow graphs are analysed.</param>
    public SameThreadFunctionCaptures(IOperation root, AffineCaptureFinder captureFinder, OtherThreadSinks sinks, CancellationToken cancellationToken)
    {
        _root = root;
        _captureFinder = captureFinder;
        _sinks = sinks;
        _cancellationToken = cancellationToken;
    }

    /// <summary>
    /// The captures of the function <paramref name="flowOperation"/> (an operation of a control-flow graph) creates,
    /// references or calls on the current thread; empty for any other operation.
    /// </summary>
    [MethodImpl(HotPath.Optimized)]
    public IReadOnlyList<CapturedAffineValue> CapturesRunBy(IOperation flowOperation)
    {
        switch (flowOperation)
        {
            case IInvocationOperation { TargetMethod.MethodKind: not (MethodKind.LocalFunction or MethodKind.DelegateInvoke), Instance: { } receiver } call
                when IsThis(receiver):
                return UsesThrough(flowOperation, call.TargetMethod, call.TargetMethod.Name);
            case IPropertyReferenceOperation { Instance: { } receiver } property when IsThis(receiver) && !property.Property.ReturnsStoredState(_cancellationToken):
                var accessor = property.IsWrittenTo() ? property.Property.SetMethod : property.Property.GetMethod;
                return accessor is null ? NoCaptures : UsesThrough(flowOperation, accessor, property.Property.Name);
            case IFlowAnonymousFunctionOperation
                or IInvocationOperation { TargetMethod.MethodKind: MethodKind.LocalFunction or MethodKind.DelegateInvoke }
                or IMethodReferenceOperation { Method.MethodKind: MethodKind.LocalFunction }:
                break;
            default:
                return NoCaptures;
        }

        IndexFunctions();
        var function = flowOperation switch
        {
            IFlowAnonymousFunctionOperation lambda => _lambdas.TryGetValue(lambda.Syntax, out var declared) ? declared : null,
            IInvocationOperation { TargetMethod.MethodKind: MethodKind.LocalFunction } call => LocalFunction(call.TargetMethod),
            IMethodReferenceOperation { Method.MethodKind: MethodKind.LocalFunction } reference => LocalFunction(reference.Method),
            IInvocationOperation { TargetMethod.MethodKind: MethodKind.DelegateInvoke, Instance: ILocalReferenceOperation local } =>
                _functionsInDelegateLocals.TryGetValue(local.Local, out var stored) ? stored : null,
            _ => null,
        };

        return function is null ? NoCaptures : CapturesOf(function);
    }

    /// <summary>What a method or accessor of <c>this</c> called at <paramref name="call"/> uses, reported at the call.</summary>
    private IReadOnlyList<CapturedAffineValue> UsesThrough(IOperation call, IMethodSymbol method, string step)
    {
        var uses = _captureFinder.ThisStateUsedBy(method);
        if (uses.Length == 0)
        {
            return NoCaptures;
        }

        var captures = new List<CapturedAffineValue>(uses.Length);
        foreach (var use in uses)
        {
            captures.Add(use.Through(call, CaptureKind.UsedThroughCall, step));
        }

        return captures;
    }

    private static bool IsThis(IOperation receiver) =>
        receiver.WalkDownConversions() is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance };

    // Done once, and only for members whose graphs create, call or reference a function.
    [MethodImpl(HotPath.Optimized)]
    private void IndexFunctions()
    {
        if (_indexed)
        {
            return;
        }

        _indexed = true;
        foreach (var operation in _root.DescendantsAndSelf())
        {
            switch (operation)
            {
                case ILocalFunctionOperation localFunction:
                    _localFunctions[localFunction.Symbol] = localFunction;
                    break;
                case IDelegateCreationOperation creation when !_sinks.IsSinkDelegate(creation):
                    if (creation.Target is IAnonymousFunctionOperation lambda)
                    {
                        _lambdas[lambda.Syntax] = lambda;
                    }

                    if (creation.GetDelegateBodyOwner() is { } function && creation.GetLocalHoldingOnly() is { } local)
                    {
                        _functionsInDelegateLocals[local] = function;
                    }

                    break;
            }
        }
    }

    private IOperation? LocalFunction(IMethodSymbol method) =>
        _localFunctions.TryGetValue(method.OriginalDefinition, out var declaration) ? declaration : null;

    [MethodImpl(HotPath.Optimized)]
    private List<CapturedAffineValue> CapturesOf(IOperation function)
    {
        if (_capturesByFunction.TryGetValue(function, out var known))
        {
            return known;
        }

        var captures = _captureFinder.FindCapturesIn(function, _cancellationToken);
        var assigned = new HashSet<string>();
        foreach (var capture in captures)
        {
            if (capture.Reference.IsWrittenTo())
            {
                assigned.Add(capture.Name);
            }
        }

        captures.RemoveAll(capture => assigned.Contains(capture.Name));
        _capturesByFunction.Add(function, captures);
        return captures;
    }
}
