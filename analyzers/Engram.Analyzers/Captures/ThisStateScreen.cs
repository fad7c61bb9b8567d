using System;
using System.Collections.Concurrent;
using Engram.Analyzers.Affinity;
using Engram.Analyzers.Extensions;
using Engram.Analyzers.Symbols;
using Microsoft.CodeAnalysis;

namespace Engram.Analyzers.Captures;

/// <summary>
/// Whether the methods of a type can use affine state of <c>this</c> at all: the type is thread-affine, or it or a
/// base type has an instance field or property that holds an affine value, a delegate field (a lambda kept there
/// carries what it captured), or a primary-constructor parameter that holds one. Asked before a method's body is
/// bound for <see cref="AffineCaptureFinder.ThisStateUsedBy"/>, so the methods of the many types that hold nothing
/// affine are never bound, and before a property of <c>this</c> is classified as stored or computed. Memoized per
/// type definition.
/// </summary>
internal sealed class ThisStateScreen
{
    private readonly ThreadAffinityContext _affinity;
    private readonly ConcurrentDictionary<ISymbol, bool> _byDefinition = new(DefinitionIdentityComparer.Instance);
    private readonly Func<ISymbol, bool> _compute;

    public ThisStateScreen(ThreadAffinityContext affinity)
    {
        _affinity = affinity;
        _compute = definition => Compute((INamedTypeSymbol)definition);
    }

    public bool MayHoldAffineState(INamedTypeSymbol type)
    {
        var definition = type.OriginalDefinition;
        return _byDefinition.TryGetValue(definition, out var known) ? known : _byDefinition.GetOrAdd(definition, _compute);
    }

    private bool Compute(INamedTypeSymbol type)
    {
        if (_affinity.IsThreadAffine(type))
        {
            return true;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member.IsStatic)
                {
                    continue;
                }

                var holds = member switch
                {
                    IFieldSymbol { IsConst: false } field => field.Type.TypeKind == TypeKind.Delegate || Holds(field.Type),
                    IPropertySymbol property => Holds(property.Type),
                    IMethodSymbol { MethodKind: MethodKind.Constructor } constructor => HasPrimaryParameterHoldingAffineValue(constructor),
                    _ => false,
                };
                if (holds)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private bool HasPrimaryParameterHoldingAffineValue(IMethodSymbol constructor)
    {
        foreach (var parameter in constructor.Parameters)
        {
            if (Holds(parameter.Type) && parameter.GetPrimaryConstructorDeclaration() is not null)
            {
                return true;
            }
        }

        return false;
    }

    private bool Holds(ITypeSymbol type) => type.TypeKind != TypeKind.Error && _affinity.FindHeldAffineValue(type) is not null;
}
