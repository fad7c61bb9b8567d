using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Engram.Analyzers.Extensions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Engram.Analyzers.Affinity;

/// <summary>
/// The types listed under one <c>.editorconfig</c> key (<see cref="ThreadAffineKey"/>, <see cref="SendableKey"/>,
/// <see cref="ThreadAffineScopeKey"/>): fully qualified metadata names, comma-separated, <c>Ns.*</c> for a namespace
/// and its sub-namespaces.
/// </summary>
/// <remarks>
/// The key is read from the global options (<c>.globalconfig</c>) and from the options of every syntax tree
/// (<c>.editorconfig</c>), and the union applies to the whole compilation: a type is either thread-affine or not,
/// whichever file mentions it.
/// </remarks>
internal sealed class ConfiguredTypes
{
    /// <summary>Extra types to treat as thread-affine.</summary>
    public const string ThreadAffineKey = "engram_thread_affine_types";

    /// <summary>Types that hold thread-affine values but are safe to share between threads.</summary>
    public const string SendableKey = "engram_sendable_types";

    /// <summary>Extra disposable scopes that must be disposed on the thread that created them.</summary>
    public const string ThreadAffineScopeKey = "engram_thread_affine_scope_types";

    private const string NamespaceWildcardSuffix = ".*";

    private readonly ImmutableHashSet<INamedTypeSymbol> _types;
    private readonly ImmutableArray<string[]> _namespaces;

    private ConfiguredTypes(ImmutableHashSet<INamedTypeSymbol> types, ImmutableArray<string[]> namespaces)
    {
        _types = types;
        _namespaces = namespaces;
    }

    /// <summary>True when no configured name resolves to a type or namespace of this compilation.</summary>
    public bool IsEmpty => _types.IsEmpty && _namespaces.IsEmpty;

    public static ConfiguredTypes Read(Compilation compilation, AnalyzerConfigOptionsProvider optionsProvider, string key)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        AddNames(optionsProvider.GlobalOptions, key, names);
        foreach (var tree in compilation.SyntaxTrees)
        {
            AddNames(optionsProvider.GetOptions(tree), key, names);
        }

        var types = ImmutableHashSet.CreateBuilder<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        var namespaces = ImmutableArray.CreateBuilder<string[]>();
        foreach (var name in names)
        {
            if (name.EndsWith(NamespaceWildcardSuffix, StringComparison.Ordinal))
            {
                var segments = name.Substring(0, name.Length - NamespaceWildcardSuffix.Length).Split('.');
                if (compilation.GlobalNamespace.FindNamespace(segments) is not null)
                {
                    namespaces.Add(segments);
                }
            }
            else
            {
                types.UnionWith(compilation.FindTypesByMetadataName(name));
            }
        }

        return new ConfiguredTypes(types.ToImmutable(), namespaces.ToImmutable());
    }

    /// <summary>True when <paramref name="type"/> itself (not a base type) is listed or lies in a listed namespace.</summary>
    public bool Contains(INamedTypeSymbol type)
    {
        if (_types.Contains(type.OriginalDefinition))
        {
            return true;
        }

        foreach (var segments in _namespaces)
        {
            if (type.ContainingNamespace.IsOrIsWithin(segments))
            {
                return true;
            }
        }

        return false;
    }

    private static void AddNames(AnalyzerConfigOptions options, string key, HashSet<string> names)
    {
        if (!options.TryGetValue(key, out var value))
        {
            return;
        }

        foreach (var entry in value.Split(','))
        {
            var name = entry.Trim();
            if (name.Length > 0)
            {
                names.Add(name);
            }
        }
    }
}
