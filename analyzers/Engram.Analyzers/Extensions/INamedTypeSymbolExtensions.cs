using Microsoft.CodeAnalysis;

namespace Engram.Analyzers.Extensions;

internal static class INamedTypeSymbolExtensions
{
    /// <summary>The type's only member with this name and kind; <see langword="null"/> when absent, overloaded or the type is missing.</summary>
    public static TMember? GetSingleMember<TMember>(this INamedTypeSymbol? type, string name)
        where TMember : class, ISymbol
    {
        if (type is null)
        {
            return null;
        }

        var members = type.GetMembers(name);
        return members.Length == 1 ? members[0] as TMember : null;
    }

    /// <summary>True when the type has type arguments of its own or of a containing type (<c>List&lt;T&gt;.Enumerator</c>).</summary>
    public static bool HasTypeArguments(this INamedTypeSymbol type) => type.IsGenericType || type.ContainingType is { IsGenericType: true };
}
