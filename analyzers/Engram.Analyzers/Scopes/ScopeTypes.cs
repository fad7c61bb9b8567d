using System.Collections.Concurrent;
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

    public static ScopeTypes Resolve(Compilation compilation, ConfiguredTypes configured, CancellationToken cancellationToken) =>
        new(compilation.GetBestTypeByMetadataName(MetadataNames.PythonGilState), configured, compilation.DeclaresTypeNamed(AttributeName, cancellationToken));

    [MethodImpl(HotPath.Optimized)]
    public bool IsScope(ITypeSymbol? type) =>
        type is INamedTypeSymbol named && Exist && _cache.GetOrAdd(named.OriginalDefinition, ComputeIsScope);

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
}
