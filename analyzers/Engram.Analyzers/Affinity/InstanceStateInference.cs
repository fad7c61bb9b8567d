using System;
using Engram.Analyzers.Extensions;
using Engram.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Engram.Analyzers.Affinity;

/// <summary>
/// Infers that a class, struct or record declared in this compilation is thread-affine because its instance state
/// holds a thread-affine value: an instance field, an auto-property's backing field (positional record members
/// included), or a primary-constructor parameter that members capture, whose type is affine or a container of
/// affine values (<see cref="ThreadAffinityContext.FindHeldAffineValue"/>), transitively.
/// </summary>
/// <remarks>
/// <para>
/// Asked lazily, one type at a time, and memoized per compilation; types that hold each other in cycles are
/// answered by <see cref="CycleSafeMemo{TKey, TValue}"/>.
/// </para>
/// <para>
/// Types from referenced assemblies are never inferred: their private state is not in reference assemblies, so the
/// answer would depend on how the reference was built. A library marks its public holders <c>[ThreadAffine]</c>.
/// </para>
/// </remarks>
internal sealed class InstanceStateInference
{
    private readonly ThreadAffinityContext _affinity;
    private readonly Compilation _compilation;
    private readonly Func<INamedTypeSymbol, bool> _isSendable;
    private readonly CycleSafeMemo<INamedTypeSymbol, TypeAffinity?> _memo;

    public InstanceStateInference(ThreadAffinityContext affinity, Compilation compilation, Func<INamedTypeSymbol, bool> isSendable)
    {
        _affinity = affinity;
        _compilation = compilation;
        _isSendable = isSendable;
        _memo = new CycleSafeMemo<INamedTypeSymbol, TypeAffinity?>(
            TypeIdentityComparer.Instance,
            FindHeldState,
            whileInProgress: null,
            isBottom: static affinity => affinity is null,
            isFinalDespiteCycle: static affinity => affinity is not null);
    }

    /// <summary>True when <paramref name="type"/> may be inferred at all: declared in source here, a class or struct, not sendable.</summary>
    public bool CanInfer(INamedTypeSymbol type) =>
        type.TypeKind is TypeKind.Class or TypeKind.Struct
        && type.IsDeclaredIn(_compilation.Assembly)
        && !_isSendable(type.OriginalDefinition);

    /// <summary>
    /// Why the instance state of <paramref name="type"/> (one that <see cref="CanInfer"/>) holds an affine value, or
    /// <see langword="null"/>. The members' types are asked through <see cref="ThreadAffinityContext.GetAffinity"/>.
    /// </summary>
    public TypeAffinity? Infer(INamedTypeSymbol type) => _memo.Get(TypeIdentityComparer.KeyOf(type));

    /// <summary>True when <see cref="Infer"/>'s answer for <paramref name="type"/> is final: it did not depend on a cycle still being resolved.</summary>
    public bool IsFinal(INamedTypeSymbol type) => _memo.IsFinal(TypeIdentityComparer.KeyOf(type));

    private TypeAffinity? FindHeldState(INamedTypeSymbol type)
    {
        for (var current = type; current is not null && CanInfer(current); current = current.BaseType)
        {
            if (FindHeldOwnState(current) is { } held)
            {
                return held;
            }
        }

        return null;
    }

    // The declarations say where a type keeps instance state, so most types are answered without enumerating their
    // members: in profiles, GetMembers() of every public type was most of the inference's own time.
    private TypeAffinity? FindHeldOwnState(INamedTypeSymbol type)
    {
        var fieldsMayHold = false;
        var hasPrimaryConstructor = false;
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is not TypeDeclarationSyntax declaration)
            {
                // The members of a type without a type declaration are not written out.
                fieldsMayHold = true;
                continue;
            }

            if (type.IsRecord && declaration.ParameterList is { } positional)
            {
                // A record's positional properties are not written out either: each has its parameter's name.
                fieldsMayHold = fieldsMayHold || PositionalPropertiesMayHold(type, positional) || DeclaresStateThatMayHold(type, declaration);
                continue;
            }

            hasPrimaryConstructor |= declaration.ParameterList is not null;
            fieldsMayHold = fieldsMayHold || DeclaresStateThatMayHold(type, declaration);
        }

        if (fieldsMayHold && FindHeldInFields(type) is { } held)
        {
            return held;
        }

        return hasPrimaryConstructor ? FindCapturedPrimaryConstructorParameter(type) : null;
    }

    /// <summary>
    /// True when a member of <paramref name="declaration"/> that may be backed by an instance field (a field, a
    /// property, a field-like event) has a type that holds an affine value. Members the syntax cannot name precisely
    /// (explicit implementations, incomplete members) count as holding, so that <see cref="FindHeldInFields"/> decides.
    /// </summary>
    private bool DeclaresStateThatMayHold(INamedTypeSymbol type, TypeDeclarationSyntax declaration)
    {
        foreach (var member in declaration.Members)
        {
            switch (member)
            {
                case BaseFieldDeclarationSyntax field:
                    foreach (var variable in field.Declaration.Variables)
                    {
                        if (MemberMayHold(type, variable.Identifier.ValueText))
                        {
                            return true;
                        }
                    }

                    break;
                case PropertyDeclarationSyntax property:
                    if (property.ExplicitInterfaceSpecifier is not null || MemberMayHold(type, property.Identifier.ValueText))
                    {
                        return true;
                    }

                    break;
                case IncompleteMemberSyntax:
                    return true;
            }
        }

        return false;
    }

    private bool PositionalPropertiesMayHold(INamedTypeSymbol type, ParameterListSyntax positional)
    {
        foreach (var parameter in positional.Parameters)
        {
            if (MemberMayHold(type, parameter.Identifier.ValueText))
            {
                return true;
            }
        }

        return false;
    }

    private bool MemberMayHold(INamedTypeSymbol type, string name)
    {
        foreach (var member in type.GetMembers(name))
        {
            var memberType = member switch
            {
                IFieldSymbol { IsStatic: false, IsConst: false } field => field.Type,
                IPropertySymbol { IsStatic: false } property => property.Type,
                IEventSymbol { IsStatic: false } @event => @event.Type,
                _ => null,
            };
            if (memberType is { TypeKind: not TypeKind.Error } && _affinity.FindHeldAffineValue(memberType) is not null)
            {
                return true;
            }
        }

        return false;
    }

    private TypeAffinity? FindHeldInFields(INamedTypeSymbol type)
    {
        foreach (var member in type.GetMembers())
        {
            // The compiler's own field for a captured primary-constructor parameter is told by the parameter.
            // The kind is asked first: an interface type test of every member of every type showed in profiles.
            if (member.Kind == SymbolKind.Field
                && member is IFieldSymbol { IsStatic: false, IsConst: false } field
                && !(field.IsImplicitlyDeclared && field.AssociatedSymbol is null)
                && field.Type is { TypeKind: not TypeKind.Error } fieldType
                && _affinity.FindHeldAffineValue(fieldType) is { } held)
            {
                return TypeAffinity.Inferred(field.AssociatedSymbol ?? field, held);
            }
        }

        return null;
    }

    /// <summary>
    /// A primary-constructor parameter of a class or struct (C# 12) that a member uses: the compiler keeps it in a
    /// hidden field. Parameters used only to initialize fields or properties, or passed to the base type, are not
    /// kept; record parameters become properties, which the fields already cover.
    /// </summary>
    private TypeAffinity? FindCapturedPrimaryConstructorParameter(INamedTypeSymbol type)
    {
        foreach (var constructor in type.InstanceConstructors)
        {
            foreach (var parameter in constructor.Parameters)
            {
                if (parameter.GetPrimaryConstructorDeclaration() is not { } declaration)
                {
                    // Not a primary constructor: its parameters are not kept.
                    break;
                }

                if (parameter.Type is { TypeKind: not TypeKind.Error } parameterType
                    && _affinity.FindHeldAffineValue(parameterType) is { } held
                    && IsCapturedByMembers(declaration, parameter.Name))
                {
                    return TypeAffinity.Inferred(parameter, held);
                }
            }
        }

        return null;
    }

    internal static bool IsCapturedByMembers(TypeDeclarationSyntax declaration, string parameterName)
    {
        foreach (var member in declaration.Members)
        {
            if (member is BaseTypeDeclarationSyntax or DelegateDeclarationSyntax)
            {
                continue;
            }

            foreach (var node in member.DescendantNodes(descendIntoChildren: node => !IsInitializerOfStoredMember(node)))
            {
                if (node is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == parameterName)
                {
                    return true;
                }
            }
        }

        return false;
    }

    // private readonly Database _db = db; and Database Db { get; } = db; copy the parameter once, at construction.
    private static bool IsInitializerOfStoredMember(SyntaxNode node) =>
        node is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent.Parent: FieldDeclarationSyntax } or PropertyDeclarationSyntax };
}
