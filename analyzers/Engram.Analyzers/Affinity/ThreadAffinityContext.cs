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
/// Everything the rules need to know about thread affinity in one compilation: which types are thread-affine (marked,
/// configured or inferred), which hold affine values, and the well-known threading types. Built once per
/// compilation; every answer is memoized.
/// </summary>
internal sealed class ThreadAffinityContext
{
    /// <summary>Any attribute class with this name marks a type thread-affine, whatever its namespace.</summary>
    public const string AttributeName = "ThreadAffineAttribute";

    /// <summary>Any attribute class with this name marks a type that holds affine values but is safe to share.</summary>
    public const string SendableAttributeName = "SendableAttribute";

    private static readonly ConditionalWeakTable<Compilation, ConditionalWeakTable<AnalyzerConfigOptionsProvider, Shared>> s_contexts = new();

    private readonly ConfiguredTypes _configuredTypes;
    private readonly ConfiguredTypes _configuredSendableTypes;
    private readonly InstanceStateInference _inference;
    private readonly KnownContainers _containers;

    // Keyed by original definition, compared by reference: GetAffinity and FindHeldAffineValue run for nearly every operation.
    private readonly ConcurrentDictionary<ITypeSymbol, DefinitionAnswer> _byDefinition = new(DefinitionIdentityComparer.Instance);
    private readonly Func<ITypeSymbol, DefinitionAnswer> _answerForDefinition;

    private ThreadAffinityContext(Compilation compilation, ConfiguredTypes configuredTypes, ConfiguredTypes configuredSendableTypes)
    {
        _configuredTypes = configuredTypes;
        _configuredSendableTypes = configuredSendableTypes;
        Types = new WellKnownThreadingTypes(compilation);
        _containers = new KnownContainers(Types);
        _inference = new InstanceStateInference(this, compilation, IsSendable);
        _answerForDefinition = AnswerForDefinition;
    }

    public WellKnownThreadingTypes Types { get; }

    /// <summary>
    /// Returns <see langword="null"/> when the compilation cannot contain a thread-affine type: nothing configured
    /// resolves and no referenced assembly or source file declares a type named <see cref="AttributeName"/>.
    /// Rules then register no actions at all.
    /// </summary>
    public static ThreadAffinityContext? TryCreate(Compilation compilation, AnalyzerOptions options, CancellationToken cancellationToken)
    {
        // Every rule asks for the context of the same compilation; build it once and share its memoized answers.
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

        return new ThreadAffinityContext(compilation, configuredTypes, ConfiguredTypes.Read(compilation, options, ConfiguredTypes.SendableKey));
    }

    /// <summary>True when <see cref="GetAffinity"/> finds the type thread-affine.</summary>
    [MethodImpl(HotPath.Optimized)]
    public bool IsThreadAffine(ITypeSymbol? type) => GetAffinity(type) is not null;

    /// <summary>
    /// Why the type is thread-affine, or <see langword="null"/>: it, a base type or an interface it implements carries
    /// a <c>ThreadAffineAttribute</c> or is configured in <c>engram_thread_affine_types</c>; or it is a class or struct
    /// of this compilation, not sendable, whose instance state holds an affine value (<see cref="InstanceStateInference"/>).
    /// A type parameter is affine when one of its constraints is, and <c>T?</c> when <c>T</c> is.
    /// </summary>
    [MethodImpl(HotPath.Optimized)]
    public TypeAffinity? GetAffinity(ITypeSymbol? type)
    {
        switch (type)
        {
            case INamedTypeSymbol named:
                var definition = named.OriginalDefinition;
                return GetAffinity(named, definition, AnswerFor(definition));
            case ITypeParameterSymbol typeParameter:
                foreach (var constraint in typeParameter.ConstraintTypes)
                {
                    // Only named constraints: a chain of type-parameter constraints may be cyclic in broken code.
                    if (constraint is INamedTypeSymbol && GetAffinity(constraint) is { } affinity)
                    {
                        return affinity;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    [MethodImpl(HotPath.Optimized)]
    private TypeAffinity? GetAffinity(INamedTypeSymbol named, INamedTypeSymbol definition, DefinitionAnswer answer)
    {
        if (answer.IsNullableValue)
        {
            return named.TypeArguments.Length == 1 ? GetAffinity(named.TypeArguments[0]) : null;
        }

        if (!answer.IsInferred)
        {
            return answer.Affinity;
        }

        // A generic type of this compilation is inferred with its actual type arguments; any other type's final
        // answer replaces the instruction to infer, so that later questions cost one lookup.
        var inferred = _inference.Infer(named);
        if (!named.IsGenericType && _inference.IsFinal(named))
        {
            _byDefinition[definition] = answer.Settled(inferred);
        }

        return inferred;
    }

    /// <summary>
    /// Finds a thread-affine value that a variable of <paramref name="type"/> would keep: the type itself, or an
    /// affine type among the elements of an array or of a known container (collections, <c>Lazy&lt;T&gt;</c>,
    /// <c>AsyncLocal&lt;T&gt;</c>, tuples), recursively. Storage that gives each thread its own value
    /// (<c>ThreadLocal&lt;T&gt;</c>, <c>PerThread&lt;T&gt;</c>), delegates (factories, not values) and other generic
    /// types (an <c>ILogger&lt;T&gt;</c> holds no <c>T</c>) hold nothing.
    /// </summary>
    [MethodImpl(HotPath.Optimized)]
    public HeldAffineValue? FindHeldAffineValue(ITypeSymbol type)
    {
        // Asked of nearly every operation's type: a named type's definition is looked up once for both questions.
        if (type is INamedTypeSymbol named)
        {
            var definition = named.OriginalDefinition;
            var answer = AnswerFor(definition);
            if (GetAffinity(named, definition, answer) is not null)
            {
                return new HeldAffineValue(AffineHolderKind.Direct, type);
            }

            if (!answer.IsContainer || FindAffineTypeInArguments(named) is not { } held)
            {
                return null;
            }

            var kind = definition.Equals(Types.Lazy, SymbolEqualityComparer.Default) ? AffineHolderKind.Lazy
                : definition.Equals(Types.AsyncLocal, SymbolEqualityComparer.Default) ? AffineHolderKind.AsyncLocal
                : AffineHolderKind.Container;
            return new HeldAffineValue(kind, held);
        }

        if (IsThreadAffine(type))
        {
            return new HeldAffineValue(AffineHolderKind.Direct, type);
        }

        return FindAffineTypeInside(type) is { } inside ? new HeldAffineValue(AffineHolderKind.Container, inside) : null;
    }

    /// <summary>Why <paramref name="type"/> is affine, for messages (<see cref="TypeAffinity.DescribeWhy"/>); empty when marked or not affine.</summary>
    public string DescribeWhy(ITypeSymbol type) => GetAffinity(type)?.DescribeWhy(this) ?? string.Empty;

    /// <summary>True when the type is marked sendable (<c>[Sendable]</c>, <c>engram_sendable_types</c>): it hands each thread its own value or guards every access.</summary>
    public bool IsSendable(INamedTypeSymbol type) => type.HasAttributeNamed(SendableAttributeName) || _configuredSendableTypes.Contains(type);

    private ITypeSymbol? FindAffineTypeInside(ITypeSymbol type) => type switch
    {
        IArrayTypeSymbol array => FindAffineTypeInOrInside(array.ElementType),
        INamedTypeSymbol named when AnswerFor(named.OriginalDefinition).IsContainer => FindAffineTypeInArguments(named),
        _ => null,
    };

    private ITypeSymbol? FindAffineTypeInArguments(INamedTypeSymbol container)
    {
        for (var current = container; current is not null; current = current.ContainingType)
        {
            foreach (var argument in current.TypeArguments)
            {
                if (FindAffineTypeInOrInside(argument) is { } found)
                {
                    return found;
                }
            }
        }

        return null;
    }

    private ITypeSymbol? FindAffineTypeInOrInside(ITypeSymbol type) => IsThreadAffine(type) ? type : FindAffineTypeInside(type);

    [MethodImpl(HotPath.Optimized)]
    private DefinitionAnswer AnswerFor(INamedTypeSymbol definition) =>
        _byDefinition.TryGetValue(definition, out var known) ? known : _byDefinition.GetOrAdd(definition, _answerForDefinition);

    private DefinitionAnswer AnswerForDefinition(ITypeSymbol definition)
    {
        var named = (INamedTypeSymbol)definition;
        if (named.SpecialType == SpecialType.System_Nullable_T)
        {
            return DefinitionAnswer.NullableValue;
        }

        var isContainer = named.HasTypeArguments() && _containers.IsContainer(named);
        return IsMarkedThreadAffine(named) ? new DefinitionAnswer(TypeAffinity.Marked, isInferred: false, isContainer)
            : new DefinitionAnswer(affinity: null, isInferred: _inference.CanInfer(named), isContainer);
    }

    private bool IsMarkedThreadAffine(ITypeSymbol type)
    {
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

    private bool IsMarked(INamedTypeSymbol type) => type.HasAttributeNamed(AttributeName) || _configuredTypes.Contains(type);

    /// <summary>
    /// What a type's definition says: its affinity (marked, or inferred and final), or that its instance state is to be
    /// inferred; whether the framework container it is holds values of its type arguments; or that it is
    /// <c>Nullable&lt;T&gt;</c>, as affine as its <c>T</c>.
    /// </summary>
    private sealed class DefinitionAnswer
    {
        public static readonly DefinitionAnswer NullableValue = new(affinity: null, isInferred: false, isContainer: false, isNullableValue: true);

        public DefinitionAnswer(TypeAffinity? affinity, bool isInferred, bool isContainer, bool isNullableValue = false)
        {
            Affinity = affinity;
            IsInferred = isInferred;
            IsContainer = isContainer;
            IsNullableValue = isNullableValue;
        }

        public TypeAffinity? Affinity { get; }

        public bool IsInferred { get; }

        public bool IsContainer { get; }

        public bool IsNullableValue { get; }

        public DefinitionAnswer Settled(TypeAffinity? affinity) => new(affinity, isInferred: false, IsContainer);
    }

    /// <summary>The cached answer for one compilation, <see langword="null"/> included.</summary>
    private sealed class Shared
    {
        public Shared(ThreadAffinityContext? context) => Context = context;

        public ThreadAffinityContext? Context { get; }
    }
}
