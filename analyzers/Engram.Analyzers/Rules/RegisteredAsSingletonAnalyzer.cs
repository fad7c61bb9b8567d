using System.Collections.Immutable;
using Engram.Analyzers.DependencyInjection;
using Engram.Analyzers.Extensions;
using Engram.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Engram.Analyzers.Rules;

/// <summary>
/// ENG004: a thread-affine type is registered as a singleton service. A host such as ASP.NET Core resolves services on
/// whichever thread runs the request, so the one instance is used by threads that did not create it.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RegisteredAsSingletonAnalyzer : DiagnosticAnalyzer
{
    public const string DiagnosticId = "ENG004";

    private const string UseContextAdvice =
        "register the thread-safe context instead (services.AddEngramDb(path)), inject ThreadSafeAgentContext and read its Db where a handle is needed";

    private const string CreatePerThreadAdvice =
        "create it on the thread that uses it instead, or keep one per thread with PerThread<T>";

    private const string HoldContextAdvice =
        "let it hold the thread-safe context instead (inject ThreadSafeAgentContext and read its Db where a handle is needed), or register it as scoped or transient";

    internal static readonly DiagnosticDescriptor Rule = new(
        DiagnosticId,
        title: "Thread-affine type registered as a singleton service",
        messageFormat: "'{0}' is thread-affine{1} but '{2}' registers it as a singleton, one instance for every thread that resolves it; {3}",
        RuleCategories.Threading,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A thread-affine handle may only be used on the thread that created it. A singleton service is one "
            + "instance shared by every thread that resolves it, and a web server runs each request on whichever thread is "
            + "free. Register a thread-safe context instead (services.AddEngramDb(path) registers ThreadSafeAgentContext, "
            + "whose Db is the calling thread's own handle), and let services hold that context rather than a handle. A hosted "
            + "service is a singleton too. Transient and scoped registrations are not reported.",
        helpLinkUri: RuleHelp.LinkFor(DiagnosticId));

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterThreadAffinityAnalysis((start, affinity) =>
        {
            if (SingletonRegistrations.TryCreate(start.Compilation, affinity) is not { } registrations)
            {
                return;
            }

            var engramDatabase = start.Compilation.GetBestTypeByMetadataName(MetadataNames.EngramDatabase);
            var canAddEngramDb = start.Compilation.GetBestTypeByMetadataName(MetadataNames.EngramServiceCollectionExtensions) is not null;
            start.RegisterOperationAction(
                operationContext =>
                {
                    var registration = operationContext.Operation;
                    if (!registrations.IsSingletonRegistration(registration) || registrations.FindAffineRegisteredType(registration) is not { } affineType)
                    {
                        return;
                    }

                    var affinityReason = affinity.GetAffinity(affineType);
                    var advice = affinityReason is { IsInferred: true } ? HoldContextAdvice
                        : canAddEngramDb && affineType.OriginalDefinition.Equals(engramDatabase, SymbolEqualityComparer.Default) ? UseContextAdvice
                        : CreatePerThreadAdvice;
                    operationContext.ReportDiagnostic(Diagnostic.Create(
                        Rule,
                        registration.Syntax.GetLocation(),
                        affineType.ToMessageString(),
                        affinityReason?.DescribeWhy(affinity) ?? string.Empty,
                        Describe(registration),
                        advice));
                },
                OperationKind.Invocation,
                OperationKind.ObjectCreation);
        });
    }

    // Extension methods read as written (AddSingleton); ServiceDescriptor's factories keep their type (ServiceDescriptor.Singleton).
    private static string Describe(IOperation registration) => registration switch
    {
        IInvocationOperation { TargetMethod: var method } =>
            method.IsExtensionMethod || method.ContainingType is not { } containingType ? method.Name : $"{containingType.Name}.{method.Name}",
        IObjectCreationOperation { Type: { } type } => $"new {type.Name}",
        _ => registration.Syntax.ToString(),
    };
}
