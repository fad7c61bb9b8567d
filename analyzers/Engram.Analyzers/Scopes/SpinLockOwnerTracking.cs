using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Engram.Analyzers.Scopes;

/// <summary>
/// Whether a <c>SpinLock</c> may track its owner thread, the only case in which releasing it on another thread fails.
/// </summary>
/// <remarks>
/// A <c>SpinLock</c> tracks its owner unless it was created with <c>new SpinLock(false)</c>: the parameterless
/// constructor, <c>default</c> and an uninitialized field all track it, as does <c>new SpinLock(true)</c>. The lock's
/// variable is read as not tracking only when every value it is visibly given is <c>new SpinLock(false)</c> (with a
/// literal <c>false</c>): a local's initializer, or a field's initializer and its assignments in the constructors of
/// its type. Anything else (a parameter, a value computed at run time) may track, and is checked.
/// </remarks>
internal sealed class SpinLockOwnerTracking
{
    private readonly ConcurrentDictionary<ISymbol, bool> _byVariable = new(SymbolEqualityComparer.Default);

    public bool MayTrackOwner(IOperation spinLock) => spinLock switch
    {
        IFieldReferenceOperation field => _byVariable.GetOrAdd(field.Field.OriginalDefinition, ComputeForField),
        ILocalReferenceOperation local => _byVariable.GetOrAdd(local.Local, ComputeForLocal),
        _ => true,
    };

    private static bool ComputeForLocal(ISymbol local)
    {
        foreach (var reference in local.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: var value } && DisablesTracking(value))
            {
                return false;
            }
        }

        return true;
    }

    private static bool ComputeForField(ISymbol field)
    {
        var assigned = false;
        foreach (var reference in field.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: var value })
            {
                if (!DisablesTracking(value))
                {
                    return true;
                }

                assigned = true;
            }
        }

        foreach (var typeReference in field.ContainingType.DeclaringSyntaxReferences)
        {
            foreach (var node in typeReference.GetSyntax().DescendantNodes())
            {
                if (node is AssignmentExpressionSyntax assignment
                    && assignment.FirstAncestorOrSelf<ConstructorDeclarationSyntax>() is not null
                    && AssignedName(assignment.Left) == field.Name)
                {
                    if (!DisablesTracking(assignment.Right))
                    {
                        return true;
                    }

                    assigned = true;
                }
            }
        }

        return !assigned;
    }

    private static string? AssignedName(ExpressionSyntax target) => target switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: var name } => name.Identifier.ValueText,
        _ => null,
    };

    /// <summary><c>new SpinLock(false)</c>, <c>new(false)</c>, with the argument named or not.</summary>
    private static bool DisablesTracking(ExpressionSyntax value) =>
        value is BaseObjectCreationExpressionSyntax { ArgumentList.Arguments: { Count: 1 } arguments }
        && arguments[0].Expression.IsKind(SyntaxKind.FalseLiteralExpression);
}
