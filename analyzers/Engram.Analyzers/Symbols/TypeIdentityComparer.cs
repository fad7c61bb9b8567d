using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace Engram.Analyzers.Symbols;

/// <summary>
/// Compares types as <see cref="SymbolEqualityComparer.Default"/> does, by reference for types that are not generic:
/// callers pass those as their <c>OriginalDefinition</c> (<see cref="KeyOf"/>), of which a compilation hands out one
/// instance. Generic types (constructed, or nested in one) are compared structurally.
/// </summary>
/// <remarks>
/// The structural hash walks every containing namespace, which showed up in profiles of memo lookups made for nearly
/// every operation of a build.
/// </remarks>
internal sealed class TypeIdentityComparer : IEqualityComparer<INamedTypeSymbol>
{
    public static readonly TypeIdentityComparer Instance = new();

    /// <summary>The key a type is looked up by: its original definition unless it is generic.</summary>
    public static INamedTypeSymbol KeyOf(INamedTypeSymbol type) => type.IsGenericType ? type : type.OriginalDefinition;

    public bool Equals(INamedTypeSymbol? x, INamedTypeSymbol? y) =>
        ReferenceEquals(x, y) || (x is { IsGenericType: true } && y is { IsGenericType: true } && SymbolEqualityComparer.Default.Equals(x, y));

    public int GetHashCode(INamedTypeSymbol obj) =>
        obj.IsGenericType ? SymbolEqualityComparer.Default.GetHashCode(obj) : RuntimeHelpers.GetHashCode(obj);
}
