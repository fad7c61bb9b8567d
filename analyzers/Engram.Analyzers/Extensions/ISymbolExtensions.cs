using Microsoft.CodeAnalysis;

namespace Engram.Analyzers.Extensions;

internal static class ISymbolExtensions
{
    /// <summary>True when the symbol belongs to <paramref name="assembly"/> (for a compilation's own assembly: declared in its source).</summary>
    public static bool IsDeclaredIn(this ISymbol symbol, IAssemblySymbol? assembly) =>
        SymbolEqualityComparer.Default.Equals(symbol.ContainingAssembly, assembly);

    /// <summary>True when the symbol carries an attribute whose class has this simple name, in any namespace.</summary>
    public static bool HasAttributeNamed(this ISymbol symbol, string attributeClassName)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass?.Name == attributeClassName)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the symbol carries an attribute of exactly this class.</summary>
    public static bool HasAttribute(this ISymbol symbol, INamedTypeSymbol? attributeClass)
    {
        if (attributeClass is null)
        {
            return false;
        }

        foreach (var attribute in symbol.GetAttributes())
        {
            if (attributeClass.Equals(attribute.AttributeClass, SymbolEqualityComparer.Default))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the symbol is declared in source inside <paramref name="node"/> (for example a lambda's local).</summary>
    public static bool IsDeclaredWithin(this ISymbol symbol, SyntaxNode node)
    {
        foreach (var reference in symbol.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree == node.SyntaxTree && node.Span.Contains(reference.Span))
            {
                return true;
            }
        }

        return false;
    }
}
