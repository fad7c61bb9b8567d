using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Engram.Analyzers.Affinity;
using Engram.Analyzers.Extensions;
using Engram.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Engram.Analyzers.DependencyInjection;

/// <summary>
/// The Microsoft.Extensions.DependencyInjection calls that register a singleton, resolved once per compilation:
/// <c>AddSingleton</c> and <c>AddKeyedSingleton</c>, <c>TryAddSingleton</c> and <c>TryAddKeyedSingleton</c>,
/// <c>AddHostedService</c> (a hosted service is a singleton whose <c>ExecuteAsync</c> runs on a pool thread),
/// <c>ServiceDescriptor.Singleton</c> and <c>KeyedSingleton</c>, and <c>ServiceDescriptor.Describe</c> /
/// <c>new ServiceDescriptor(...)</c> given an instance or <c>ServiceLifetime.Singleton</c>.
/// </summary>
internal sealed class SingletonRegistrations
{
    private const string ServiceKeyParameterName = "serviceKey";

    // ServiceLifetime.Singleton.
    private const int SingletonLifetime = 0;

    private static readonly HashSet<string> AddMethods = new(StringComparer.Ordinal) { "AddSingleton", "AddKeyedSingleton" };
    private static readonly HashSet<string> TryAddMethods = new(StringComparer.Ordinal) { "TryAddSingleton", "TryAddKeyedSingleton" };
    private static readonly HashSet<string> HostedServiceMethods = new(StringComparer.Ordinal) { "AddHostedService" };
    private static readonly HashSet<string> DescriptorMethods = new(StringComparer.Ordinal) { "Singleton", "KeyedSingleton", "Describe", "DescribeKeyed" };

    private readonly Dictionary<INamedTypeSymbol, HashSet<string>> _methodNamesByType = new(SymbolEqualityComparer.Default);
    private readonly ThreadAffinityContext _affinity;
    private readonly INamedTypeSymbol? _serviceDescriptor;
    private readonly INamedTypeSymbol? _serviceLifetime;

    private SingletonRegistrations(Compilation compilation, ThreadAffinityContext affinity)
    {
        _affinity = affinity;
        _serviceDescriptor = compilation.GetBestTypeByMetadataName(MetadataNames.ServiceDescriptor);
        _serviceLifetime = compilation.GetBestTypeByMetadataName(MetadataNames.ServiceLifetime);
    }

    /// <summary><see langword="null"/> when the compilation does not reference the dependency injection abstractions.</summary>
    public static SingletonRegistrations? TryCreate(Compilation compilation, ThreadAffinityContext affinity)
    {
        var registrations = new SingletonRegistrations(compilation, affinity);
        registrations.Add(compilation.GetBestTypeByMetadataName(MetadataNames.ServiceCollectionServiceExtensions), AddMethods);
        registrations.Add(compilation.GetBestTypeByMetadataName(MetadataNames.ServiceCollectionDescriptorExtensions), TryAddMethods);
        registrations.Add(compilation.GetBestTypeByMetadataName(MetadataNames.ServiceCollectionHostedServiceExtensions), HostedServiceMethods);
        registrations.Add(registrations._serviceDescriptor, DescriptorMethods);
        return registrations._methodNamesByType.Count == 0 ? null : registrations;
    }

    /// <summary>True when <paramref name="operation"/> (an invocation or object creation) registers a singleton.</summary>
    [MethodImpl(HotPath.Optimized)]
    public bool IsSingletonRegistration(IOperation operation) => operation switch
    {
        IInvocationOperation invocation =>
            invocation.TargetMethod.ContainingType is { } containingType
            && _methodNamesByType.TryGetValue(containingType.OriginalDefinition, out var names)
            && names.Contains(invocation.TargetMethod.Name)
            && IsSingletonLifetime(invocation.Arguments),
        IObjectCreationOperation { Constructor: { } constructor } creation =>
            constructor.ContainingType.Equals(_serviceDescriptor, SymbolEqualityComparer.Default)
            && IsSingletonLifetime(creation.Arguments),
        _ => false,
    };

    /// <summary>
    /// The first thread-affine type that <paramref name="registration"/> registers: a generic type argument
    /// (<c>TService</c>, <c>TImplementation</c>), a <c>typeof(...)</c> argument, the type an instance argument really
    /// has, or the type a factory really returns (so <c>AddSingleton&lt;IStore&gt;(_ =&gt; new AffineStore())</c> counts).
    /// </summary>
    public ITypeSymbol? FindAffineRegisteredType(IOperation registration)
    {
        var (typeArguments, arguments) = registration switch
        {
            IInvocationOperation invocation => (invocation.TargetMethod.TypeArguments, invocation.Arguments),
            IObjectCreationOperation creation => (ImmutableArray<ITypeSymbol>.Empty, creation.Arguments),
            _ => (ImmutableArray<ITypeSymbol>.Empty, ImmutableArray<IArgumentOperation>.Empty),
        };

        foreach (var typeArgument in typeArguments)
        {
            if (_affinity.IsThreadAffine(typeArgument))
            {
                return typeArgument;
            }
        }

        foreach (var argument in arguments)
        {
            if (argument.Parameter is not { } parameter || IsCollectionKeyOrLifetime(parameter))
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

    // Describe(...) and new ServiceDescriptor(...) say the lifetime in an argument; only a constant Singleton counts.
    // Without a lifetime argument, a descriptor made from an instance is a singleton, and every other method is.
    private bool IsSingletonLifetime(ImmutableArray<IArgumentOperation> arguments)
    {
        foreach (var argument in arguments)
        {
            if (argument.Parameter?.Type.Equals(_serviceLifetime, SymbolEqualityComparer.Default) == true)
            {
                return argument.Value.ConstantValue is { HasValue: true, Value: int lifetime } && lifetime == SingletonLifetime;
            }
        }

        return true;
    }

    private bool IsCollectionKeyOrLifetime(IParameterSymbol parameter) =>
        (parameter.Ordinal == 0 && parameter.ContainingSymbol is IMethodSymbol { IsExtensionMethod: true })
        || parameter.Name == ServiceKeyParameterName
        || parameter.Type.Equals(_serviceLifetime, SymbolEqualityComparer.Default);

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
