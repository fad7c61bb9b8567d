using System.Threading;
using System.Threading.Tasks;
using Engram.Analyzers.CodeFixes.Extensions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Engram.Analyzers.CodeFixes;

/// <summary>Where a handle variable visibly gets its one value.</summary>
internal static class HandleInitializer
{
    /// <summary>
    /// The initializer of a local, field or get-only auto-property, provided nothing in the solution assigns the
    /// variable again (then the initializer is the only value it ever holds); otherwise <see langword="null"/>.
    /// </summary>
    public static async Task<IOperation?> FindSoleValueAsync(ISymbol handle, Solution solution, CancellationToken cancellationToken)
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
            || await handle.IsWrittenAnywhereAsync(solution, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        return model?.GetOperation(value, cancellationToken);
    }

    public static bool IsGetOnlyAutoProperty(PropertyDeclarationSyntax property) =>
        property.AccessorList is { Accessors.Count: 1 } accessors
        && accessors.Accessors[0] is { Body: null, ExpressionBody: null } getter
        && getter.IsKind(SyntaxKind.GetAccessorDeclaration);
}
