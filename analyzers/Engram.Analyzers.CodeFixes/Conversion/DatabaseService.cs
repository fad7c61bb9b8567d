using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Engram.Analyzers.Extensions;
using Engram.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Engram.Analyzers.CodeFixes.Conversion;

/// <summary>
/// How one project registers the <c>Database</c> service (without a key) and where the container hands it out:
/// minimal-API handler parameters, constructors of the types it activates, <c>GetRequiredService&lt;Database&gt;()</c>.
/// When the registrations move to the thread-safe context, every one of those places must move with them, or the
/// container would find no <c>Database</c> to inject at run time.
/// </summary>
internal sealed class DatabaseService
{
    private static readonly HashSet<string> AddMethods = new(StringComparer.Ordinal) { "AddSingleton", "AddScoped", "AddTransient" };
    private static readonly HashSet<string> EndpointMethods = new(StringComparer.Ordinal)
    {
        "Map", "MapGet", "MapPost", "MapPut", "MapDelete", "MapPatch", "MapMethods", "MapFallback",
    };

    private static readonly HashSet<string> DescriptorMethods = new(StringComparer.Ordinal) { "Singleton", "Scoped", "Transient", "Describe", "KeyedSingleton", "KeyedScoped", "KeyedTransient", "DescribeKeyed" };

    private const string KeyedPrefix = "Keyed";
    private const string FromKeyedServicesAttributeName = "FromKeyedServicesAttribute";

    private DatabaseService()
    {
    }

    /// <summary>The registrations of <c>Database</c> without a key, in source order.</summary>
    public List<DatabaseRegistration> Registrations { get; } = new();

    /// <summary>Parameters of minimal-API handlers (lambdas or methods) of type <c>Database</c>, which the container fills.</summary>
    public List<IParameterSymbol> HandlerParameters { get; } = new();

    /// <summary><c>GetRequiredService&lt;Database&gt;()</c> and <c>GetService&lt;Database&gt;()</c> calls.</summary>
    public List<ServiceRequest> Requests { get; } = new();

    /// <summary>Implementation types registered with any lifetime: the container calls their constructors.</summary>
    public HashSet<INamedTypeSymbol> ActivatedTypes { get; } = new(SymbolEqualityComparer.Default);

    /// <summary>Why the service cannot move to the context (a keyed lookup, a <c>TryAdd</c>), or <see langword="null"/>.</summary>
    public string? Obstacle { get; private set; }

    /// <summary>True when the container may call <paramref name="type"/>'s constructors: it is registered, or an ASP.NET Core controller.</summary>
    public bool IsActivated(INamedTypeSymbol type, Compilation compilation)
    {
        if (ActivatedTypes.Contains(type.OriginalDefinition))
        {
            return true;
        }

        var controllerBase = compilation.GetBestTypeByMetadataName(MetadataNames.AspNetCoreControllerBase);
        for (var current = type.BaseType; current is not null && controllerBase is not null; current = current.BaseType)
        {
            if (controllerBase.Equals(current.OriginalDefinition, SymbolEqualityComparer.Default))
            {
                return true;
            }
        }

        return false;
    }

    public static async Task<DatabaseService> ScanAsync(FixSession session, ProjectContext project)
    {
        var service = new DatabaseService();
        var compilation = project.Compilation;
        var registrationTypes = new[]
        {
            compilation.GetBestTypeByMetadataName(MetadataNames.ServiceCollectionServiceExtensions),
            compilation.GetBestTypeByMetadataName(MetadataNames.ServiceCollectionDescriptorExtensions),
            compilation.GetBestTypeByMetadataName(MetadataNames.ServiceCollectionHostedServiceExtensions),
        };
        var serviceDescriptor = compilation.GetBestTypeByMetadataName(MetadataNames.ServiceDescriptor);
        var providerExtensions = compilation.GetBestTypeByMetadataName(MetadataNames.ServiceProviderServiceExtensions);
        var endpoints = compilation.GetBestTypeByMetadataName(MetadataNames.EndpointRouteBuilderExtensions);
        foreach (var document in await project.DocumentsAsync().ConfigureAwait(false))
        {
            foreach (var node in document.Root.DescendantNodes())
            {
                session.CancellationToken.ThrowIfCancellationRequested();
                if (!MayRegisterOrInject(node))
                {
                    continue;
                }

                switch (document.Model.GetOperation(node, session.CancellationToken))
                {
                    case IInvocationOperation call when call.Syntax == node:
                        var containing = call.TargetMethod.ContainingType?.OriginalDefinition;
                        if (containing is null)
                        {
                            break;
                        }

                        if (registrationTypes.Contains(containing, SymbolEqualityComparer.Default))
                        {
                            service.AddRegistration(document, call);
                        }
                        else if (containing.Equals(serviceDescriptor, SymbolEqualityComparer.Default) && NamesDatabase(call.TargetMethod.TypeArguments, call.Arguments, project))
                        {
                            service.Obstacle ??= $"'{call.Syntax}' describes the Database service in a ServiceDescriptor";
                        }
                        else if (containing.Equals(providerExtensions, SymbolEqualityComparer.Default))
                        {
                            service.AddRequest(document, call, project);
                        }
                        else if (containing.Equals(endpoints, SymbolEqualityComparer.Default) && EndpointMethods.Contains(call.TargetMethod.Name))
                        {
                            service.AddHandlerParameters(call, project);
                        }

                        break;
                    case ITypeOfOperation typeOf when project.Runtime.IsDatabase(typeOf.TypeOperand)
                        && !IsRegistrationArgument(typeOf, registrationTypes):
                        // IServiceProvider.GetService(typeof(Database)), ActivatorUtilities, reflection: out of the conversion's sight.
                        service.Obstacle ??= $"'{typeOf.Parent?.Syntax ?? typeOf.Syntax}' names the Database service by its Type";
                        break;
                    case IObjectCreationOperation creation when creation.Syntax == node
                        && creation.Type?.OriginalDefinition.Equals(serviceDescriptor, SymbolEqualityComparer.Default) == true
                        && NamesDatabase(default, creation.Arguments, project):
                        service.Obstacle ??= $"'{creation.Syntax}' describes the Database service in a ServiceDescriptor";
                        break;
                }
            }
        }

        return service;
    }

    // Binding is what costs: only calls whose name may register, map or resolve a service, and descriptors, are bound.
    private static bool MayRegisterOrInject(SyntaxNode node) => node switch
    {
        InvocationExpressionSyntax { Expression: var invoked } => (invoked switch
        {
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            _ => string.Empty,
        }) is var name && (name.StartsWith("Add", StringComparison.Ordinal) || name.StartsWith("TryAdd", StringComparison.Ordinal)
            || name.StartsWith("Map", StringComparison.Ordinal) || name.StartsWith("Get", StringComparison.Ordinal) || DescriptorMethods.Contains(name)),
        ObjectCreationExpressionSyntax { Type: var type } => type.ToString().EndsWith("ServiceDescriptor", StringComparison.Ordinal),
        ImplicitObjectCreationExpressionSyntax => true,
        TypeOfExpressionSyntax => true,
        _ => false,
    };

    private static bool IsRegistrationArgument(ITypeOfOperation typeOf, INamedTypeSymbol?[] registrationTypes) =>
        typeOf.Parent is IArgumentOperation { Parent: IInvocationOperation call }
        && registrationTypes.Contains(call.TargetMethod.ContainingType?.OriginalDefinition, SymbolEqualityComparer.Default);

    private void AddRegistration(DocumentContext document, IInvocationOperation call)
    {
        var runtime = document.Project.Runtime;
        var method = call.TargetMethod;
        var typeArguments = method.TypeArguments;
        var implementation = typeArguments.Length switch
        {
            2 => typeArguments[1],
            1 when !call.Arguments.Skip(1).Any(argument => argument.ArgumentKind == ArgumentKind.Explicit) => typeArguments[0],
            _ => call.Arguments.Skip(1).Select(argument => argument.Value.WalkDownConversions()).OfType<ITypeOfOperation>().LastOrDefault()?.TypeOperand,
        };
        if (implementation is INamedTypeSymbol activated)
        {
            ActivatedTypes.Add(activated.OriginalDefinition);
        }

        var serviceType = typeArguments.Length > 0 ? typeArguments[0]
            : call.Arguments.Skip(1).Select(argument => argument.Value.WalkDownConversions()).OfType<ITypeOfOperation>().FirstOrDefault()?.TypeOperand
            ?? RegisteredValueType(call);
        if (!runtime.IsDatabase(serviceType) || method.Name.Contains(KeyedPrefix))
        {
            return;
        }

        if (!AddMethods.Contains(method.Name) || !method.IsExtensionMethod)
        {
            Obstacle ??= $"'{method.Name}' registers the Database service and has no thread-safe counterpart";
            return;
        }

        Registrations.Add(new DatabaseRegistration(document, call, FindStorePath(call, runtime), FindInstance(call)));
    }

    private void AddRequest(DocumentContext document, IInvocationOperation call, ProjectContext project)
    {
        var method = call.TargetMethod;
        if (method.Name.Contains(KeyedPrefix))
        {
            return;
        }

        if (AsksForDatabase(method, project))
        {
            Requests.Add(new ServiceRequest(document, call));
        }
        else if (NamesDatabase(method.TypeArguments, call.Arguments, project))
        {
            // GetServices<Database>(), GetService(typeof(Database)): no context lookup stands in for them.
            Obstacle ??= $"'{call.Syntax}' asks the container for a Database in a way the context cannot answer";
        }
    }

    /// <summary><c>GetRequiredService&lt;Database&gt;()</c> or <c>GetService&lt;Database&gt;()</c>: a lookup the context's <c>Db</c> replaces.</summary>
    public static bool IsDatabaseRequest(IInvocationOperation call, ProjectContext project) =>
        AsksForDatabase(call.TargetMethod, project)
        && call.TargetMethod.ContainingType?.OriginalDefinition.Equals(
            project.Compilation.GetBestTypeByMetadataName(MetadataNames.ServiceProviderServiceExtensions), SymbolEqualityComparer.Default) == true;

    private static bool AsksForDatabase(IMethodSymbol method, ProjectContext project) =>
        method is { Name: "GetRequiredService" or "GetService", TypeArguments.Length: 1 } && project.Runtime.IsDatabase(method.TypeArguments[0]);

    private void AddHandlerParameters(IInvocationOperation call, ProjectContext project)
    {
        foreach (var argument in call.Arguments)
        {
            var parameters = argument.Value.WalkDownConversions() switch
            {
                IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda } => lambda.Symbol.Parameters,
                IDelegateCreationOperation { Target: IMethodReferenceOperation reference } => reference.Method.OriginalDefinition.Parameters,
                _ => default,
            };
            if (parameters.IsDefault)
            {
                continue;
            }

            foreach (var parameter in parameters)
            {
                if (project.Runtime.IsDatabase(parameter.Type) && !parameter.HasAttributeNamed(FromKeyedServicesAttributeName))
                {
                    HandlerParameters.Add(parameter);
                }
            }
        }
    }

    /// <summary>
    /// The path of a registration whose one value is <c>Database.FileBased(path)</c>, given as the instance or returned
    /// by a one-statement factory that does not use the service provider; <see langword="null"/> otherwise.
    /// </summary>
    private static ExpressionSyntax? FindStorePath(IInvocationOperation registration, Rewriting.EngramRuntimeSymbols runtime)
    {
        IInvocationOperation? creation = null;
        foreach (var argument in registration.Arguments.Skip(1))
        {
            switch (argument.Value.WalkDownConversions())
            {
                case ITypeOfOperation typeOf when runtime.IsDatabase(typeOf.TypeOperand):
                    continue;
                case IInvocationOperation instance when creation is null:
                    creation = instance;
                    continue;
                case IDelegateCreationOperation { Target: IAnonymousFunctionOperation factory } when creation is null:
                    creation = SoleReturnedValue(factory)?.WalkDownConversions() as IInvocationOperation;
                    continue;
                default:
                    return null;
            }
        }

        if (creation is null
            || !runtime.IsFileBased(creation)
            || creation.Arguments.Length != 1
            || UsesFactoryParameters(creation.Arguments[0].Value))
        {
            return null;
        }

        return creation.Arguments[0].Value.Syntax as ExpressionSyntax;
    }

    /// <summary>The instance an <c>AddSingleton(instance)</c> registers, or <see langword="null"/> for a factory or type.</summary>
    private static IOperation? FindInstance(IInvocationOperation registration)
    {
        if (registration.TargetMethod.Name != "AddSingleton")
        {
            return null;
        }

        IOperation? instance = null;
        foreach (var argument in registration.Arguments.Skip(1))
        {
            switch (argument.Value.WalkDownConversions())
            {
                case ITypeOfOperation:
                    continue;
                case IDelegateCreationOperation:
                    return null;
                default:
                    instance = argument.Value;
                    continue;
            }
        }

        return instance;
    }

    private static ITypeSymbol? RegisteredValueType(IInvocationOperation call)
    {
        foreach (var argument in call.Arguments.Skip(1))
        {
            switch (argument.Value.WalkDownConversions())
            {
                case IDelegateCreationOperation { Target: IAnonymousFunctionOperation factory }:
                    return SoleReturnedValue(factory)?.WalkDownConversions().Type;
                case IDelegateCreationOperation:
                case ITypeOfOperation:
                    continue;
                case var instance:
                    return instance.Type;
            }
        }

        return null;
    }

    private static IOperation? SoleReturnedValue(IAnonymousFunctionOperation factory) =>
        factory.Body.Operations.Length == 1 && factory.Body.Operations[0] is IReturnOperation { ReturnedValue: { } returned } ? returned : null;

    // The path moves out of the factory, where the service provider is not in scope.
    private static bool UsesFactoryParameters(IOperation path) =>
        path.DescendantsAndSelf().Any(operation =>
            operation is IParameterReferenceOperation { Parameter.ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } });

    private static bool NamesDatabase(System.Collections.Immutable.ImmutableArray<ITypeSymbol> typeArguments, System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments, ProjectContext project) =>
        (!typeArguments.IsDefault && typeArguments.Any(project.Runtime.IsDatabase))
        || arguments.Any(argument => argument.Value.WalkDownConversions() is ITypeOfOperation typeOf && project.Runtime.IsDatabase(typeOf.TypeOperand));
}

/// <summary>One registration of the <c>Database</c> service.</summary>
internal sealed class DatabaseRegistration
{
    public DatabaseRegistration(DocumentContext document, IInvocationOperation call, ExpressionSyntax? storePath, IOperation? instance)
    {
        Document = document;
        Call = call;
        StorePath = storePath;
        Instance = instance;
    }

    public DocumentContext Document { get; }

    public IInvocationOperation Call { get; }

    /// <summary>The path of <c>Database.FileBased(path)</c> when that is all the registration creates: it becomes <c>AddEngramDb(path)</c>.</summary>
    public ExpressionSyntax? StorePath { get; }

    /// <summary>The instance of <c>AddSingleton(instance)</c>, which becomes a context instance.</summary>
    public IOperation? Instance { get; }
}

/// <summary>A <c>GetRequiredService&lt;Database&gt;()</c> or <c>GetService&lt;Database&gt;()</c> call.</summary>
internal sealed class ServiceRequest
{
    public ServiceRequest(DocumentContext document, IInvocationOperation call)
    {
        Document = document;
        Call = call;
    }

    public DocumentContext Document { get; }

    public IInvocationOperation Call { get; }
}
