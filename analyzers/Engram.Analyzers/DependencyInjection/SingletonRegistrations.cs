using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Engram.Analyzers.Affinity;
using Engram.Analyzers.Extensions;
using Engram.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Engram.Analyzers.DependencyInjection;

/// <summary>
/// The Microsoft.Extensions.DependencyInjection methods that register a singleton, resolved once per compilation:
/// <c>AddSingleton</c> and <c>AddKeyedSingleton</c>, <c>TryAddSingleton</c> and <c>TryAddKeyedSingleton</c>, and
/// <c>ServiceDescriptor.Singleton</c> and <c>KeyedSingleton</c> (for <c>services.Add(...)</c> and <c>TryAdd(...)</c>).
/// </summary>
internal sealed class SingletonRegistrations
{
    private const string ServiceKeyParameterName = "serviceKey";

    private static readonly HashSet<string> AddMethods = new(StringComparer.Ordinal) { "AddSingleton", "AddKeyedSingleton" };
    private static readonly HashSet<string> TryAddMethods = new(StringComparer.Ordinal) { "TryAddSingleton", "TryAddKeyedSingleton" };
    private static readonly HashSet<string> DescriptorMethods = new(StringComparer.Ordinal) { "Singleton", "KeyedSingleton" };

    private readonly Dictionary<INamedTypeSymbol, HashSet<string>> _methodNamesByType = new(SymbolEqualityComparer.Default);
    private readonly ThreadAffinityContext _affinity;

    private SingletonRegistrations(ThreadAffinityContext affinity)
    {
        _affinity = affinity;
    }

    /// <summary><see langword="null"/> when the compilation does not reference the dependency injection abstractions.</summary>
    public static SingletonRegistrations? TryCreate(Compilation compilation, ThreadAffinityContext affinity)
    {
        var registrations = new SingletonRegistrations(affinity);
        registrations.Add(compilation.GetBestTypeByMetadataName(MetadataNames.ServiceCollectionServiceExtensions), AddMethods);
        registrations.Add(compilation.GetBestTypeByMetadataName(MetadataNames.ServiceCollectionDescriptorExtensions), TryAddMethods);
        registrations.Add(compilation.GetBestTypeByMetadataName(MetadataNames.ServiceDescriptor), DescriptorMethods);
        return registrations._methodNamesByType.Count == 0 ? null : registrations;
    }

    [MethodImpl(HotPath.Optimized)]
    public bool IsSingletonRegistration(IInvocationOperation invocation) =>
        invocation.TargetMethod.ContainingType is { } containingType
        && _methodNamesByType.TryGetValue(containingType.OriginalDefinition, out var names)
        && names.Contains(invocation.TargetMethod.Name);

    /// <summary>
    /// The first thread-affine type that <paramref name="registration"/> registers: a generic type argument
    /// (<c>TService</c>, <c>TImplementation</c>), a <c>typeof(...)</c> argument, the type an instance argument really
    /// has, or the type a factory really returns (so <c>AddSingleton&lt;IStore&gt;(_ =&gt; new AffineStore())</c> counts).
    /// </summary>
    public ITypeSymbol? FindAffineRegisteredType(IInvocationOperation registration)
    {
        foreach (var typeArgument in registration.TargetMethod.TypeArguments)
        {
            if (_affinity.IsThreadAffine(typeArgument))
            {
                return typeArgument;
            }
        }

        foreach (var argument in registration.Arguments)
        {
            if (argument.Parameter is not { } parameter || IsCollectionOrKey(parameter))
            {
                continue;
            }

            var found = argument.Value.WalkDownConversions() switch
            {
                ITypeOfOperation typeOf => _affinity.IsThreadAffine(typeOf.TypeOperand) ? typeOf.TypeOperand : null,
                IDelegateCreationOperation factory => FindAffineReturnedType(factory.Target),
                var instance => _affinity.IsThreadAffine(instance.Type) ? instance.Type : null,
            };
            if (found is not null)
            {
                return found;
            }
        }

        return null;
    }

    private static bool IsCollectionOrKey(IParameterSymbol parameter) =>
        (parameter.Ordinal == 0 && parameter.ContainingSymbol is IMethodSymbol { IsExtensionMethod: true })
        || parameter.Name == ServiceKeyParameterName;

    private ITypeSymbol? FindAffineReturnedType(IOperation factory)
    {
        switch (factory)
        {
            case IMethodReferenceOperation method:
                return _affinity.IsThreadAffine(method.Method.ReturnType) ? method.Method.ReturnType : null;
            case IAnonymousFunctionOperation function:
                foreach (var returned in function.Body.ReturnedValues())
                {
                    if (returned.WalkDownConversions().Type is { } type && _affinity.IsThreadAffine(type))
                    {
                        return type;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private void Add(INamedTypeSymbol? type, HashSet<string> methodNames)
    {
        if (type is not null)
        {
            _methodNamesByType[type] = methodNames;
        }
    }
}
