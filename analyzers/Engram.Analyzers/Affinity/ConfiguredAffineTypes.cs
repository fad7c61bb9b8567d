using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Engram.Analyzers.Extensions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Engram.Analyzers.Affinity;

/// <summary>
/// The types listed in <c>engram_thread_affine_types</c>: fully qualified metadata names, comma-separated,
/// <c>Ns.*</c> for a namespace and its sub-namespaces.
/// </summary>
/// <remarks>
/// The key is read from the global options (<c>.globalconfig</c>) and from the options of every syntax tree
/// (<c>.editorconfig</c>), and the union applies to the whole compilation: a type is either thread-affine or not,
/// whichever file mentions it.
/// </remarks>
internal sealed class ConfiguredAffineTypes
{
    public const string OptionKey = "engram_thread_affine_types";

    private const string NamespaceWildcardSuffix = ".*";

    private readonly ImmutableHashSet<INamedTypeSymbol> _types;
    private readonly ImmutableArray<string[]> _namespaces;

    private ConfiguredAffineTypes(ImmutableHashSet<INamedTypeSymbol> types, ImmutableArray<string[]> namespaces)
    {
        _types = types;
        _namespaces = namespaces;
    }

    /// <summary>True when no configured name resolves to a type or namespace of this compilation.</summary>
    public bool IsEmpty => _types.IsEmpty && _namespaces.IsEmpty;

    public static ConfiguredAffineTypes Read(Compilation compilation, AnalyzerConfigOptionsProvider optionsProvider)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        AddNames(optionsProvider.GlobalOptions, names);
        foreach (var tree in compilation.SyntaxTrees)
        {
            AddNames(optionsProvider.GetOptions(tree), names);
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
                types.UnionWith(compilation.GetTypesByMetadataName(name));
            }
        }

        return new ConfiguredAffineTypes(types.ToImmutable(), namespaces.ToImmutable());
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

    private static void AddNames(AnalyzerConfigOptions options, HashSet<string> names)
    {
        if (!options.TryGetValue(OptionKey, out var value))
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
