using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Engram.Analyzers.Extensions;

internal static class IOperationExtensions
{
    /// <summary>Skips implicit and explicit conversions and parentheses around a value.</summary>
    public static IOperation WalkDownConversions(this IOperation operation)
    {
        while (true)
        {
            switch (operation)
            {
                case IConversionOperation conversion:
                    operation = conversion.Operand;
                    break;
                case IParenthesizedOperation parenthesized:
                    operation = parenthesized.Operand;
                    break;
                default:
                    return operation;
            }
        }
    }

    /// <summary>
    /// True when this value is disposed right here: the receiver of a parameterless <c>Dispose()</c> or
    /// <c>DisposeAsync()</c>, or the resource of a <c>using</c> / <c>await using</c> statement or declaration.
    /// Disposing is allowed on any thread, so it is never a use of a thread-affine value.
    /// </summary>
    public static bool IsDisposedHere(this IOperation value) => value.GetConsumer() switch
    {
        IInvocationOperation call => call.IsDisposeCall() && call.Instance?.WalkDownConversions() == value,
        IUsingOperation => true,
        IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Parent: IVariableDeclarationOperation { Parent: IVariableDeclarationGroupOperation { Parent: IUsingDeclarationOperation } } } } => true,
        _ => false,
    };

    /// <summary>True for a call of a parameterless <c>Dispose()</c> or <c>DisposeAsync()</c>.</summary>
    public static bool IsDisposeCall(this IInvocationOperation call) =>
        call.TargetMethod is { Name: "Dispose" or "DisposeAsync", Parameters.Length: 0 };

    /// <summary>Walks up from a value through the conversions and parentheses that wrap it.</summary>
    public static IOperation? GetConsumer(this IOperation operation)
    {
        var parent = operation.Parent;
        while (parent is IConversionOperation or IParenthesizedOperation)
        {
            parent = parent.Parent;
        }

        return parent;
    }

    /// <summary>The values an argument passes: its value, or each element of a <c>params</c> array built at the call.</summary>
    public static ImmutableArray<IOperation> GetPassedValues(this IArgumentOperation argument) =>
        argument is { ArgumentKind: ArgumentKind.ParamArray, Value: IArrayCreationOperation { Initializer: { } elements } }
            ? elements.ElementValues
            : ImmutableArray.Create(argument.Value);

    /// <summary>The argument that passes this value, directly or as an element of a <c>params</c> array.</summary>
    public static IArgumentOperation? GetPassingArgument(this IOperation value) => value.GetConsumer() switch
    {
        IArgumentOperation argument => argument,
        IArrayInitializerOperation { Parent: IArrayCreationOperation { Parent: IArgumentOperation { ArgumentKind: ArgumentKind.ParamArray } argument } } => argument,
        _ => null,
    };

    /// <summary>True for <c>this.x</c>, <c>base.x</c> and an implicit <c>x</c> meaning <c>this.x</c>.</summary>
    public static bool HasThisReceiver(this IMemberReferenceOperation member) =>
        member.Instance?.WalkDownConversions() is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance };

    /// <summary>
    /// The code a delegate value runs: the lambda or anonymous method, or the declaration of a local function passed
    /// as a method group. <see langword="null"/> for any other delegate (its body is not at hand).
    /// </summary>
    public static IOperation? GetDelegateBodyOwner(this IOperation delegateValue) =>
        delegateValue.WalkDownConversions() switch
        {
            IDelegateCreationOperation { Target: IAnonymousFunctionOperation function } => function,
            IDelegateCreationOperation { Target: IMethodReferenceOperation { Method.MethodKind: MethodKind.LocalFunction } reference } =>
                reference.FindLocalFunctionDeclaration(reference.Method),
            _ => null,
        };

    /// <summary>The outermost operation above this one: the member body, initializer or top-level code holding it.</summary>
    public static IOperation GetRoot(this IOperation operation)
    {
        var root = operation;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        return root;
    }

    /// <summary>Finds the declaration of <paramref name="localFunction"/> in the member body that contains this operation.</summary>
    public static ILocalFunctionOperation? FindLocalFunctionDeclaration(this IOperation operation, IMethodSymbol localFunction)
    {
        foreach (var descendant in operation.GetRoot().Descendants())
        {
            if (descendant is ILocalFunctionOperation declaration && localFunction.OriginalDefinition.Equals(declaration.Symbol, SymbolEqualityComparer.Default))
            {
                return declaration;
            }
        }

        return null;
    }

    /// <summary>
    /// True when this reference (to a local, parameter, field or property) can change what the variable holds:
    /// an assignment target (plain, compound, <c>??=</c> or deconstruction), <c>++</c>/<c>--</c>, a <c>ref</c> or
    /// <c>out</c> argument, or the initializer of a <c>ref</c> local aliasing it.
    /// </summary>
    public static bool IsWrittenTo(this IOperation reference)
    {
        var target = reference;
        while (target.Parent is ITupleOperation tuple)
        {
            target = tuple;
        }

        switch (target.Parent)
        {
            case IAssignmentOperation assignment:
                return assignment.Target == target;
            case IIncrementOrDecrementOperation:
                return true;
            case IArgumentOperation argument:
                return argument.Parameter?.RefKind is RefKind.Ref or RefKind.Out;
            case IVariableInitializerOperation initializer:
                return initializer.Parent is IVariableDeclaratorOperation { Symbol.IsRef: true };
            default:
                return false;
        }
    }

    /// <summary>
    /// The value a local holds wherever it is read, when that is its initializer: the local is declared with an
    /// initializer in the same member body and nothing there assigns it again. <see langword="null"/> otherwise.
    /// </summary>
    public static IOperation? GetSoleAssignedValue(this ILocalReferenceOperation reference)
    {
        var local = reference.Local;
        var root = reference.GetRoot();
        foreach (var descendant in root.Descendants())
        {
            if (descendant is IVariableDeclaratorOperation declarator && local.Equals(declarator.Symbol, SymbolEqualityComparer.Default))
            {
                return declarator.GetVariableInitializer()?.Value is { } value && !local.IsRef && !root.Reassigns(local) ? value : null;
            }
        }

        return null;
    }

    /// <summary>
    /// The local this value initializes, when nothing in the member body assigns that local again (so every read
    /// of it gives this value). <see langword="null"/> for any other value.
    /// </summary>
    public static ILocalSymbol? GetLocalHoldingOnly(this IOperation value) =>
        value.GetConsumer() is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol: { IsRef: false } local } }
        && !value.GetRoot().Reassigns(local)
            ? local
            : null;

    /// <summary>The reads of <paramref name="local"/> under this operation.</summary>
    public static IEnumerable<ILocalReferenceOperation> FindReads(this IOperation root, ILocalSymbol local)
    {
        foreach (var descendant in root.Descendants())
        {
            if (descendant is ILocalReferenceOperation reference
                && local.Equals(reference.Local, SymbolEqualityComparer.Default)
                && !reference.IsDeclaration
                && !reference.IsWrittenTo())
            {
                yield return reference;
            }
        }
    }

    /// <summary>True when something under this operation assigns <paramref name="local"/> after its declarator's initializer.</summary>
    private static bool Reassigns(this IOperation root, ILocalSymbol local)
    {
        foreach (var descendant in root.Descendants())
        {
            if (descendant is ILocalReferenceOperation reference
                && local.Equals(reference.Local, SymbolEqualityComparer.Default)
                && (reference.IsDeclaration || reference.IsWrittenTo()))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The values a function body returns, from its own <c>return</c> statements (an expression body is one implicit
    /// return); returns of nested lambdas and local functions belong to them and are skipped.
    /// </summary>
    public static IEnumerable<IOperation> ReturnedValues(this IBlockOperation body)
    {
        var pending = new Stack<IOperation>();
        pending.Push(body);
        while (pending.Count > 0)
        {
            switch (pending.Pop())
            {
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    continue;
                case IReturnOperation { ReturnedValue: { } returned }:
                    yield return returned;
                    continue;
                case var operation:
                    foreach (var child in operation.ChildOperations)
                    {
                        pending.Push(child);
                    }

                    continue;
            }
        }
    }

    /// <summary>The names of the fields and properties of <c>this</c> that code under this operation assigns.</summary>
    public static HashSet<string> AssignedMemberNames(this IOperation root)
    {
        var names = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var descendant in root.Descendants())
        {
            if (descendant is IMemberReferenceOperation member and (IFieldReferenceOperation or IPropertyReferenceOperation)
                && member.HasThisReceiver()
                && member.IsWrittenTo())
            {
                names.Add(member.Member.Name);
            }
        }

        return names;
    }
}
