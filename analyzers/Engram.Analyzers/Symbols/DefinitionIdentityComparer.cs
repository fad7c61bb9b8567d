using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace Engram.Analyzers.Symbols;

/// <summary>
/// Compares symbol definitions by reference, for lookups made once per operation or invocation.
/// </summary>
/// <remarks>
/// A compilation hands out one instance per definition, and <see cref="SymbolEqualityComparer.Default"/> treats two
/// definitions as equal only when they are that same instance; but its hash walks every containing namespace, which
/// shows up in profiles of large builds. Use this only for keys that are definitions (<c>OriginalDefinition</c>).
/// </remarks>
internal sealed class DefinitionIdentityComparer : IEqualityComparer<ISymbol>
{
    public static readonly DefinitionIdentityComparer Instance = new();

    public bool Equals(ISymbol? x, ISymbol? y) => ReferenceEquals(x, y);

    public int GetHashCode(ISymbol obj) => RuntimeHelpers.GetHashCode(obj);
}
