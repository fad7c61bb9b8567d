using System;
using System.Collections.Generic;
using Engram.Analyzers.Extensions;
using Engram.Analyzers.Symbols;
using Microsoft.CodeAnalysis;

namespace Engram.Analyzers.Affinity;

/// <summary>
/// The framework's generic types that hold values of their type arguments: the collections of
/// <c>System.Collections.*</c>, tuples, <c>Lazy&lt;T&gt;</c>, <c>AsyncLocal&lt;T&gt;</c>, <c>WeakReference&lt;T&gt;</c>
/// and the memory slices. A handle inside one is still a handle.
/// </summary>
/// <remarks>
/// Only these: most generic types name their argument without holding it (<c>ILogger&lt;T&gt;</c>,
/// <c>IComparer&lt;T&gt;</c>, <c>IOptions&lt;T&gt;</c> factories), and per-thread storage
/// (<c>ThreadLocal&lt;T&gt;</c>, <c>PerThread&lt;T&gt;</c>) gives each thread its own value. Generic types of the
/// compilation itself are not containers: their instance state is inferred with the actual type arguments.
/// </remarks>
internal sealed class KnownContainers
{
    private static readonly string[][] CollectionNamespaces =
    {
        new[] { "System", "Collections", "Generic" },
        new[] { "System", "Collections", "Concurrent" },
        new[] { "System", "Collections", "Immutable" },
        new[] { "System", "Collections", "ObjectModel" },
        new[] { "System", "Collections", "Frozen" },
    };

    // In System.Collections.Generic, but they compare values instead of holding them.
    private static readonly HashSet<string> Comparers = new(StringComparer.Ordinal) { "IComparer", "IEqualityComparer", "Comparer", "EqualityComparer" };

    private static readonly HashSet<string> SystemHolders = new(StringComparer.Ordinal) { "Tuple", "ValueTuple", "WeakReference", "Memory", "ReadOnlyMemory", "ArraySegment" };

    private readonly WellKnownThreadingTypes _types;

    public KnownContainers(WellKnownThreadingTypes types) => _types = types;

    /// <summary>
    /// True when a value of a type that has <paramref name="definition"/> (an <c>OriginalDefinition</c>) holds values of its
    /// type arguments or of its containing types' type arguments. Asked once per definition: the caller caches it.
    /// </summary>
    public bool IsContainer(INamedTypeSymbol definition)
    {
        if (definition.TypeKind == TypeKind.Delegate
            || definition.Equals(_types.ThreadLocal, SymbolEqualityComparer.Default)
            || definition.Equals(_types.PerThread, SymbolEqualityComparer.Default))
        {
            return false;
        }

        if (definition.Equals(_types.Lazy, SymbolEqualityComparer.Default) || definition.Equals(_types.AsyncLocal, SymbolEqualityComparer.Default))
        {
            return true;
        }

        // A nested type such as List<T>.Enumerator belongs to its outermost type's namespace.
        var outermost = definition;
        while (outermost.ContainingType is { } containing)
        {
            outermost = containing;
        }

        var @namespace = outermost.ContainingNamespace;
        if (@namespace.IsOrIsWithin(CollectionNamespaces[0]) && Comparers.Contains(outermost.Name))
        {
            return false;
        }

        foreach (var collections in CollectionNamespaces)
        {
            if (@namespace.IsOrIsWithin(collections))
            {
                return true;
            }
        }

        return @namespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true } && SystemHolders.Contains(outermost.Name);
    }
}
