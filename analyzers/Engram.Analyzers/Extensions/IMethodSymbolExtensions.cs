using Microsoft.CodeAnalysis;

namespace Engram.Analyzers.Extensions;

internal static class IMethodSymbolExtensions
{
    /// <summary>True when this method overrides, directly or through other overrides, a method declared in <paramref name="type"/>.</summary>
    public static bool Overrides(this IMethodSymbol method, INamedTypeSymbol type)
    {
        for (var overridden = method.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
        {
            if (type.Equals(overridden.ContainingType.OriginalDefinition, SymbolEqualityComparer.Default))
            {
                return true;
            }
        }

        return false;
    }
}
