using System;
using System.Collections.Generic;
using System.Threading;
using Engram.Analyzers.Extensions;
using Engram.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
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
    private readonly CycleSafeMemo<IMethodSymbol, int[]> _handedOver;

    public HelperSinks(OtherThreadSinks sinks, MethodBodies bodies)
    {
        _sinks = sinks;
        _bodies = bodies;
        _handedOver = new CycleSafeMemo<IMethodSymbol, int[]>(
            DefinitionIdentityComparer.Instance,
            FindHandedOverParameters,
            whileInProgress: Array.Empty<int>(),
            isBottom: static ordinals => ordinals.Length == 0,
            isFinalDespiteCycle: static _ => false);
    }

    /// <summary>True when <paramref name="method"/> hands one of its delegate parameters to another thread.</summary>
    public bool HandsOver(IMethodSymbol method) => HandedOverParameters(method).Length != 0;

    /// <summary>The ordinals of the delegate parameters that <paramref name="method"/> hands to another thread.</summary>
    /// <remarks>A method of another assembly is ruled out before any lookup.</remarks>
    public int[] HandedOverParameters(IMethodSymbol method) =>
        _bodies.IsDeclaredHere(method) ? _handedOver.Get(method.OriginalDefinition) : Array.Empty<int>();

    private int[] FindHandedOverParameters(IMethodSymbol method)
    {
        if (DelegateParameterNames(method) is not { } names
            || _bodies.FindDeclaration(method, CancellationToken.None) is not { } declaration
            || !MayPassOn(declaration, names)
            || _bodies.Find(declaration, CancellationToken.None) is not { } body)
        {
            return Array.Empty<int>();
        }

        var ordinals = new List<int>();
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

        return ordinals.Count == 0 ? Array.Empty<int>() : ordinals.ToArray();
    }

    /// <summary>The delegate parameters of <paramref name="method"/> that the handed-over value is, or that the lambda it is calls or passes on.</summary>
    private static void AddDelegateParametersRunBy(IOperation value, IMethodSymbol method, List<int> ordinals)
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

    private static HashSet<string>? DelegateParameterNames(IMethodSymbol method)
    {
        HashSet<string>? names = null;
        foreach (var parameter in method.Parameters)
        {
            if (parameter.Type.TypeKind == TypeKind.Delegate)
            {
                (names ??= new HashSet<string>(StringComparer.Ordinal)).Add(parameter.Name);
            }
        }

        return names;
    }

    /// <summary>
    /// False when the declaration only runs its delegate parameters itself, outside any lambda or local function, and
    /// hands on nothing they return (<c>await fetch(key)</c>, <c>save?.Invoke(item)</c>). Reading its syntax is much
    /// cheaper than binding its body. Any other mention of a delegate parameter (an argument, an assignment, a lambda
    /// that calls it, a call whose result is an argument or a receiver) may pass it on, and the bound body decides.
    /// </summary>
    private static bool MayPassOn(SyntaxNode declaration, HashSet<string> delegateParameterNames)
    {
        foreach (var node in declaration.DescendantNodes())
        {
            if (node is IdentifierNameSyntax identifier
                && delegateParameterNames.Contains(identifier.Identifier.ValueText)
                && !IsOnlyRunHere(identifier, declaration))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsOnlyRunHere(IdentifierNameSyntax identifier, SyntaxNode declaration)
    {
        SyntaxNode? call = identifier.Parent switch
        {
            InvocationExpressionSyntax invocation when invocation.Expression == identifier => invocation,
            MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Invoke", Parent: InvocationExpressionSyntax invocation } access when access.Expression == identifier => invocation,
            ConditionalAccessExpressionSyntax { WhenNotNull: InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax { Name.Identifier.ValueText: "Invoke" } } } access
                when access.Expression == identifier => access,
            _ => null,
        };
        if (call is null)
        {
            return false;
        }

        var child = call;
        for (var current = call.Parent; current is not null && current != declaration; current = current.Parent)
        {
            if (PassesOn(current, child))
            {
                return false;
            }

            child = current;
        }

        return true;
    }

    // Where the value of a call inside the helper can reach a sink: the sink's arguments (a state argument too), an
    // event subscription, the receiver of an extension method (a helper's or PLINQ's), or a lambda that runs elsewhere.
    private static bool PassesOn(SyntaxNode current, SyntaxNode child) => current switch
    {
        AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or ArgumentSyntax => true,
        AssignmentExpressionSyntax assignment => assignment.IsKind(SyntaxKind.AddAssignmentExpression) && assignment.Right == child,
        MemberAccessExpressionSyntax access => access.Expression == child && access.Name.Identifier.ValueText != "ConfigureAwait",
        ConditionalAccessExpressionSyntax access => access.Expression == child,
        _ => false,
    };
}
