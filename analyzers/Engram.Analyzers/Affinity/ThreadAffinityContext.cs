using System;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading;
using Engram.Analyzers.Extensions;
using Engram.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Engram.Analyzers.Affinity;

/// <summary>
/// Everything the rules need to know about thread affinity in one compilation: which types are thread-affine,
/// and the well-known threading types. Built once per compilation; <see cref="IsThreadAffine"/> is cached.
/// </summary>
internal sealed class ThreadAffinityContext
{
    /// <summary>Any attribute class with this name marks a type thread-affine, whatever its namespace.</summary>
    public const string AttributeName = "ThreadAffineAttribute";

    private static readonly ConditionalWeakTable<Compilation, ConditionalWeakTable<AnalyzerConfigOptionsProvider, Shared>> s_contexts = new();

    private readonly ConfiguredTypes _configuredTypes;
    // Keyed by original definition, compared by reference: IsThreadAffine runs for nearly every operation.
    private readonly ConcurrentDictionary<ITypeSymbol, bool> _isThreadAffineCache = new(DefinitionIdentityComparer.Instance);
    private readonly Func<ITypeSymbol, bool> _computeIsThreadAffine;

    private ThreadAffinityContext(Compilation compilation, ConfiguredTypes configuredTypes)
    {
        _configuredTypes = configuredTypes;
        _computeIsThreadAffine = ComputeIsThreadAffine;
        Types = new WellKnownThreadingTypes(compilation);
    }

    public WellKnownThreadingTypes Types { get; }

    /// <summary>
    /// Returns <see langword="null"/> when the compilation cannot contain a thread-affine type: nothing configured
    /// resolves and no referenced assembly or source file declares a type named <see cref="AttributeName"/>.
    /// Rules then register no actions at all.
    /// </summary>
    public static ThreadAffinityContext? TryCreate(Compilation compilation, AnalyzerOptions options, CancellationToken cancellationToken)
    {
        // Every rule asks for the context of the same compilation; build it once and share its IsThreadAffine cache.
        var byOptions = s_contexts.GetValue(compilation, _ => new ConditionalWeakTable<AnalyzerConfigOptionsProvider, Shared>());
        return byOptions.GetValue(
            options.AnalyzerConfigOptionsProvider,
            provider => new Shared(Create(compilation, provider, cancellationToken))).Context;
    }

    private static ThreadAffinityContext? Create(Compilation compilation, AnalyzerConfigOptionsProvider options, CancellationToken cancellationToken)
    {
        var configuredTypes = ConfiguredTypes.Read(compilation, options, ConfiguredTypes.ThreadAffineKey);
        if (configuredTypes.IsEmpty && !compilation.DeclaresTypeNamed(AttributeName, cancellationToken))
        {
            return null;
        }

        return new ThreadAffinityContext(compilation, configuredTypes);
    }

    /// <summary>
    /// True when the type, a base type or an interface it implements carries a <c>ThreadAffineAttribute</c> or is
    /// configured in <c>engram_thread_affine_types</c>; a type parameter is affine when one of its constraints is,
    /// and <c>T?</c> when <c>T</c> is.
    /// </summary>
    [MethodImpl(HotPath.Optimized)]
    public bool IsThreadAffine(ITypeSymbol? type)
    {
        switch (type)
        {
            case INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T, TypeArguments.Length: 1 } nullable:
                return IsThreadAffine(nullable.TypeArguments[0]);
            case INamedTypeSymbol named:
                return _isThreadAffineCache.GetOrAdd(named.OriginalDefinition, _computeIsThreadAffine);
            case ITypeParameterSymbol typeParameter:
                foreach (var constraint in typeParameter.ConstraintTypes)
                {
                    // Only named constraints: a chain of type-parameter constraints may be cyclic in broken code.
                    if (constraint is INamedTypeSymbol && IsThreadAffine(constraint))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    /// <summary>
    /// Finds a thread-affine value that a variable of <paramref name="type"/> would keep: the type itself, or an
    /// affine type among its element type and generic type arguments (recursively). Storage that gives each thread
    /// its own value (<c>ThreadLocal&lt;T&gt;</c>, <c>PerThread&lt;T&gt;</c>) and delegates (factories, not values)
    /// hold nothing.
    /// </summary>
    [MethodImpl(HotPath.Optimized)]
    public HeldAffineValue? FindHeldAffineValue(ITypeSymbol type)
    {
        if (IsThreadAffine(type))
        {
            return new HeldAffineValue(AffineHolderKind.Direct, type);
        }

        var affineType = FindAffineTypeInside(type);
        if (affineType is null)
        {
            return null;
        }

        var definition = type.OriginalDefinition;
        var kind = definition.Equals(Types.Lazy, SymbolEqualityComparer.Default) ? AffineHolderKind.Lazy
            : definition.Equals(Types.AsyncLocal, SymbolEqualityComparer.Default) ? AffineHolderKind.AsyncLocal
            : AffineHolderKind.Container;
        return new HeldAffineValue(kind, affineType);
    }

    private ITypeSymbol? FindAffineTypeInside(ITypeSymbol type)
    {
        switch (type)
        {
            case IArrayTypeSymbol array:
                return FindAffineTypeInOrInside(array.ElementType);
            case INamedTypeSymbol { IsGenericType: true, TypeKind: not TypeKind.Delegate } generic when !IsPerThreadStorage(generic):
                foreach (var argument in generic.TypeArguments)
                {
                    if (FindAffineTypeInOrInside(argument) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private ITypeSymbol? FindAffineTypeInOrInside(ITypeSymbol type) => IsThreadAffine(type) ? type : FindAffineTypeInside(type);

    private bool IsPerThreadStorage(INamedTypeSymbol type)
    {
        var definition = type.OriginalDefinition;
        return definition.Equals(Types.ThreadLocal, SymbolEqualityComparer.Default)
            || definition.Equals(Types.PerThread, SymbolEqualityComparer.Default);
    }

    private bool ComputeIsThreadAffine(ITypeSymbol type)
    {
        for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
        {
            if (IsMarkedThreadAffine(current))
            {
                return true;
            }
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (IsMarkedThreadAffine(implemented))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsMarkedThreadAffine(INamedTypeSymbol type) =>
        type.HasAttributeNamed(AttributeName) || _configuredTypes.Contains(type);

    /// <summary>The cached answer for one compilation, <see langword="null"/> included.</summary>
    private sealed class Shared
    {
        public Shared(ThreadAffinityContext? context) => Context = context;

        public ThreadAffinityContext? Context { get; }
    }
}
