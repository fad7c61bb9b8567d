using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Engram.Analyzers.CodeFixes.Extensions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Engram.Analyzers.CodeFixes.Rewriting;

/// <summary>Where a handle variable visibly gets its one value.</summary>
internal static class HandleInitializer
{
    /// <summary>
    /// The initializer of a local, field or get-only auto-property, provided nothing in the solution assigns the
    /// variable again (then the initializer is the only value it ever holds); otherwise <see langword="null"/>.
    /// </summary>
    public static Task<IOperation?> FindSoleValueAsync(ISymbol handle, Solution solution, CancellationToken cancellationToken) =>
        FindInitialValueAsync(handle, solution, keepsStore: static (_, _) => false, cancellationToken);

    /// <summary>
    /// Like <see cref="FindSoleValueAsync"/>, but the variable may also be assigned values for which
    /// <paramref name="keepsStore"/>(assigned value, initializer) holds: another handle on the same store.
    /// </summary>
    public static async Task<IOperation?> FindInitialValueAsync(
        ISymbol handle, Solution solution, Func<IOperation, IOperation, bool> keepsStore, CancellationToken cancellationToken)
    {
        if (handle is not (ILocalSymbol { IsRef: false } or IFieldSymbol or IPropertySymbol)
            || handle.DeclaringSyntaxReferences.Length != 1)
        {
            return null;
        }

        var reference = handle.DeclaringSyntaxReferences[0];
        var value = await reference.GetSyntaxAsync(cancellationToken).ConfigureAwait(false) switch
        {
            VariableDeclaratorSyntax { Initializer.Value: var initial } => initial,
            PropertyDeclarationSyntax { Initializer.Value: var initial } property when IsGetOnlyAutoProperty(property) => initial,
            _ => null,
        };
        if (value is null
            || solution.GetDocument(reference.SyntaxTree) is not { } document
            || await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } model
            || model.GetOperation(value, cancellationToken) is not { } initialValue)
        {
            return null;
        }

        foreach (var site in await handle.FindReferenceSitesAsync(solution, cancellationToken).ConfigureAwait(false))
        {
            if (site.IsWrite
                && !(site.Operation?.Parent is ISimpleAssignmentOperation assignment
                    && assignment.Target == site.Operation
                    && keepsStore(assignment.Value, initialValue)))
            {
                return null;
            }
        }

        return initialValue;
    }

    /// <summary>True for a property whose accessors all lack bodies (<c>{ get; set; }</c>, <c>{ get; init; }</c>): the compiler stores its value.</summary>
    public static bool IsAutoProperty(PropertyDeclarationSyntax property) =>
        property.AccessorList is { Accessors.Count: > 0 } accessors
        && accessors.Accessors.All(accessor => accessor is { Body: null, ExpressionBody: null });

    public static bool IsGetOnlyAutoProperty(PropertyDeclarationSyntax property) =>
        property.AccessorList is { Accessors.Count: 1 } accessors
        && accessors.Accessors[0] is { Body: null, ExpressionBody: null } getter
        && getter.IsKind(SyntaxKind.GetAccessorDeclaration);
}
