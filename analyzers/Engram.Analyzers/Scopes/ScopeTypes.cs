using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Engram.Analyzers.Affinity;
using Engram.Analyzers.Extensions;
using Engram.Analyzers.Symbols;
using Microsoft.CodeAnalysis;

namespace Engram.Analyzers.Scopes;

/// <summary>
/// The disposable scopes that must be disposed on the thread that created them: pythonnet's GIL state
/// (<c>Py.GIL()</c>), types marked with an attribute named <c>ThreadAffineScopeAttribute</c> (on the type, a base
/// type or an interface), and the types listed in <c>engram_thread_affine_scope_types</c>. Answers are cached.
/// </summary>
internal sealed class ScopeTypes
{
    /// <summary>Any attribute class with this name marks a thread-affine scope, whatever its namespace.</summary>
    public const string AttributeName = "ThreadAffineScopeAttribute";

    private readonly ConfiguredTypes _configured;
    private readonly ConcurrentDictionary<ITypeSymbol, bool> _cache = new(DefinitionIdentityComparer.Instance);

    private ScopeTypes(INamedTypeSymbol? pythonGilState, ConfiguredTypes configured, bool attributeExists)
    {
        PythonGilState = pythonGilState;
        _configured = configured;
        AttributeExists = attributeExists;
    }

    public INamedTypeSymbol? PythonGilState { get; }

    /// <summary>True when some scope type may exist in the compilation.</summary>
    public bool Exist => PythonGilState is not null || AttributeExists || !_configured.IsEmpty;

    private bool AttributeExists { get; }

    /// <summary>
    /// True when a scope other than pythonnet's GIL state may exist: a type is configured, or a source file or a
    /// referenced assembly that can see an attribute named <see cref="AttributeName"/> marks a type with it. When
    /// false, every scope is created by <c>Py.GIL()</c> and code that does not say <c>GIL</c> creates none.
    /// </summary>
    public bool MayExistBeyondPythonGil { get; private set; }

    public static ScopeTypes Resolve(Compilation compilation, ConfiguredTypes configured, CancellationToken cancellationToken)
    {
        var attributeExists = compilation.DeclaresTypeNamed(AttributeName, cancellationToken);
        return new ScopeTypes(compilation.GetBestTypeByMetadataName(MetadataNames.PythonGilState), configured, attributeExists)
        {
            MayExistBeyondPythonGil = !configured.IsEmpty || (attributeExists && MarksAnyType(compilation, cancellationToken)),
        };
    }

    [MethodImpl(HotPath.Optimized)]
    public bool IsScope(ITypeSymbol? type) => type is INamedTypeSymbol named && (MayExistBeyondPythonGil
        ? _cache.GetOrAdd(named.OriginalDefinition, ComputeIsScope)
        : PythonGilState is not null && ReferenceEquals(named.OriginalDefinition, PythonGilState));

    private bool ComputeIsScope(ITypeSymbol type)
    {
        if (type.Equals(PythonGilState, SymbolEqualityComparer.Default))
        {
            return true;
        }

        for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
        {
            if (IsMarked(current))
            {
                return true;
            }
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (IsMarked(implemented))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsMarked(INamedTypeSymbol type) =>
        (AttributeExists && type.HasAttributeNamed(AttributeName)) || _configured.Contains(type);

    /// <summary>
    /// Whether any type is marked with the attribute: source files are searched by text (naming it is enough), and of
    /// the referenced assemblies only those that declare the attribute or reference an assembly declaring it are
    /// searched, type by type (the framework never is).
    /// </summary>
    private static bool MarksAnyType(Compilation compilation, CancellationToken cancellationToken)
    {
        const string UsedName = "ThreadAffineScope";
        foreach (var tree in compilation.SyntaxTrees)
        {
            if (tree.GetRoot(cancellationToken).MayContainAny(new[] { UsedName }))
            {
                return true;
            }
        }

        var declaring = new HashSet<string>(StringComparer.Ordinal);
        foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
        {
            if (assembly.TypeNames.Contains(AttributeName))
            {
                declaring.Add(assembly.Identity.Name);
            }
        }

        foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
        {
            if (SeesAttribute(assembly, declaring) && MarksAnyType(assembly.GlobalNamespace, cancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    private static bool SeesAttribute(IAssemblySymbol assembly, HashSet<string> declaring)
    {
        if (declaring.Contains(assembly.Identity.Name))
        {
            return true;
        }

        foreach (var module in assembly.Modules)
        {
            foreach (var referenced in module.ReferencedAssemblies)
            {
                if (declaring.Contains(referenced.Name))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool MarksAnyType(INamespaceOrTypeSymbol container, CancellationToken cancellationToken)
    {
        foreach (var member in container.GetMembers())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (member is INamedTypeSymbol type && type.HasAttributeNamed(AttributeName))
            {
                return true;
            }

            if (member is INamespaceOrTypeSymbol nested && MarksAnyType(nested, cancellationToken))
            {
                return true;
            }
        }

        return false;
    }
}
