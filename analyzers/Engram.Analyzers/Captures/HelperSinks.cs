using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Engram.Analyzers.Extensions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Engram.Analyzers.Captures;

/// <summary>
/// Methods, constructors and local functions of this compilation that pass a delegate parameter on to code running
/// on another thread, which makes them sinks too: <c>static void AndForget(Action work) =&gt; Task.Run(work);</c>, a
/// queue whose <c>Enqueue(Action work)</c> hands <c>work</c> to the thread pool, or a helper wrapping it in a lambda
/// it hands over (<c>Task.Run(() =&gt; { try { work(); } catch { } })</c>), to any depth.
/// </summary>
/// <remarks>
/// Summarized on demand, only for methods a call actually reaches with a delegate parameter, and memoized per
/// compilation (<see cref="CycleSafeMemo{TKey, TValue}"/> handles recursion). A delegate the helper stores in a field
/// for some other method to start later is not followed.
/// </remarks>
internal sealed class HelperSinks
{
    private readonly OtherThreadSinks _sinks;
    private readonly MethodBodies _bodies;
    private readonly CycleSafeMemo<IMethodSymbol, ImmutableArray<int>> _handedOver;

    public HelperSinks(OtherThreadSinks sinks, MethodBodies bodies)
    {
        _sinks = sinks;
        _bodies = bodies;
        _handedOver = new CycleSafeMemo<IMethodSymbol, ImmutableArray<int>>(
            SymbolEqualityComparer.Default,
            FindHandedOverParameters,
            whileInProgress: ImmutableArray<int>.Empty,
            isBottom: static ordinals => ordinals.IsEmpty,
            isFinalDespiteCycle: static _ => false);
    }

    /// <summary>True when <paramref name="method"/> hands one of its delegate parameters to another thread.</summary>
    [MethodImpl(HotPath.Optimized)]
    public bool HandsOver(IMethodSymbol method) => MayHandOver(method) && !HandedOverParameters(method).IsEmpty;

    /// <summary>The ordinals of the delegate parameters that <paramref name="method"/> hands to another thread.</summary>
    public ImmutableArray<int> HandedOverParameters(IMethodSymbol method) =>
        MayHandOver(method) ? _handedOver.Get(method.OriginalDefinition) : ImmutableArray<int>.Empty;

    // Cheap checks first: only source methods with a delegate parameter can be helpers.
    [MethodImpl(HotPath.Optimized)]
    private static bool MayHandOver(IMethodSymbol method)
    {
        if (method.Locations.IsEmpty || !method.Locations[0].IsInSource)
        {
            return false;
        }

        foreach (var parameter in method.Parameters)
        {
            if (parameter.Type.TypeKind == TypeKind.Delegate)
            {
                return true;
            }
        }

        return false;
    }

    private ImmutableArray<int> FindHandedOverParameters(IMethodSymbol method)
    {
        if (_bodies.Find(method, CancellationToken.None) is not { } body)
        {
            return ImmutableArray<int>.Empty;
        }

        var ordinals = ImmutableArray.CreateBuilder<int>();
        foreach (var operation in body.DescendantsAndSelf())
        {
            if (!_sinks.IsSink(operation))
            {
                continue;
            }

            foreach (var value in _sinks.GetHandedOverValues(operation))
            {
                AddDelegateParametersRunBy(value, method, ordinals);
            }
        }

        return ordinals.ToImmutable();
    }

    /// <summary>The delegate parameters of <paramref name="method"/> that the handed-over value is, or that the lambda it is calls or passes on.</summary>
    private static void AddDelegateParametersRunBy(IOperation value, IMethodSymbol method, ImmutableArray<int>.Builder ordinals)
    {
        var handedOver = value.WalkDownConversions();
        var searched = handedOver is IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda } ? lambda.Body : handedOver;
        foreach (var operation in searched.DescendantsAndSelf())
        {
            if (operation is IParameterReferenceOperation { Parameter: { Type.TypeKind: TypeKind.Delegate } parameter }
                && SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, method)
                && !ordinals.Contains(parameter.Ordinal))
            {
                ordinals.Add(parameter.Ordinal);
            }
        }
    }
}
