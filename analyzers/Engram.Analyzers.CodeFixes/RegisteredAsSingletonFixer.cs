using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Engram.Analyzers.CodeFixes.Extensions;
using Engram.Analyzers.CodeFixes.Rewriting;
using Engram.Analyzers.Extensions;
using Engram.Analyzers.Rules;
using Engram.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Operations;

namespace Engram.Analyzers.CodeFixes;

/// <summary>
/// ENG004: replaces a singleton <c>Database</c> registration with the thread-safe context, keeping the path:
/// <c>services.AddSingleton(Database.FileBased(path))</c>, <c>services.AddSingleton(_ =&gt; Database.FileBased(path))</c>,
/// <c>AddSingleton&lt;Database&gt;(...)</c> and <c>AddSingleton(typeof(Database), ...)</c> become
/// <c>services.AddEngramDb(path)</c>.
/// </summary>
/// <remarks>
/// The container then holds a <c>ThreadSafeAgentContext</c> and no <c>Database</c>, so the fix is offered only when
/// nothing in the solution but handle creations (<c>Database.FileBased(...)</c>) names the <c>Database</c> type: a
/// constructor or handler parameter, a <c>GetRequiredService&lt;Database&gt;()</c>, would compile and then find no
/// such service at run time. No fix for keyed or <c>TryAdd</c> registrations (the context has no key and
/// <c>AddEngramDb</c> always adds), in-memory stores (the context is file-based), or a path read from the factory's
/// service provider.
/// </remarks>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RegisteredAsSingletonFixer)), Shared]
public sealed class RegisteredAsSingletonFixer : CodeFixProvider
{
    private const string Title = "Register the thread-safe context (AddEngramDb)";
    private const string AddSingletonName = "AddSingleton";
    private const string AddEngramDbName = "AddEngramDb";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RegisteredAsSingletonAnalyzer.DiagnosticId);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var document = context.Document;
        var cancellationToken = context.CancellationToken;
        if (await context.GetRootAndModelAsync().ConfigureAwait(false) is not ({ } root, { } model)
            || EngramRuntimeSymbols.TryResolve(model.Compilation) is not { } runtime
            || model.Compilation.GetBestTypeByMetadataName(MetadataNames.EngramServiceCollectionExtensions) is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax
                {
                    Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: AddSingletonName } access,
                } call
                || model.GetOperation(call, cancellationToken) is not IInvocationOperation registration
                || FindRegisteredStorePath(registration, runtime) is not { } path
                || await IsDatabaseNamedElsewhereAsync(runtime, call, document.Project.Solution, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            var addEngramDb = call
                .WithExpression(access.WithName(SyntaxFactory.IdentifierName(AddEngramDbName).WithTriviaFrom(access.Name)))
                .WithArgumentList(SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(path.WithoutTrivia()))));
            var fixedRoot = root.ReplaceNode(call, addEngramDb);
            context.RegisterCodeFix(
                CodeAction.Create(Title, _ => Task.FromResult(document.WithSyntaxRoot(fixedRoot)), equivalenceKey: nameof(RegisteredAsSingletonFixer)),
                diagnostic);
        }
    }

    /// <summary>
    /// The path of a registration whose service type is <c>Database</c> and whose one value is
    /// <c>Database.FileBased(path)</c>, given as the instance or returned by a one-statement factory that does not
    /// use the service provider; <see langword="null"/> for any other registration.
    /// </summary>
    private static ExpressionSyntax? FindRegisteredStorePath(IInvocationOperation registration, EngramRuntimeSymbols runtime)
    {
        var method = registration.TargetMethod;
        if (!method.IsExtensionMethod || method.TypeArguments.Length > 1
            || (method.TypeArguments.Length == 1 && !runtime.IsDatabase(method.TypeArguments[0])))
        {
            return null;
        }

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
                    creation = SoleReturnedInvocation(factory);
                    continue;
                default:
                    return null;
            }
        }

        if (creation is null
            || !runtime.FileBased.Equals(creation.TargetMethod, SymbolEqualityComparer.Default)
            || creation.Arguments.Length != 1
            || UsesFactoryParameters(creation.Arguments[0].Value))
        {
            return null;
        }

        return (ExpressionSyntax)creation.Arguments[0].Value.Syntax;
    }

    private static IInvocationOperation? SoleReturnedInvocation(IAnonymousFunctionOperation factory) =>
        factory.Body.Operations.Length == 1 && factory.Body.Operations[0] is IReturnOperation { ReturnedValue: { } returned }
            ? returned.WalkDownConversions() as IInvocationOperation
            : null;

    // The path moves out of the factory, where the service provider is not in scope.
    private static bool UsesFactoryParameters(IOperation path) =>
        path.DescendantsAndSelf().Any(operation =>
            operation is IParameterReferenceOperation { Parameter.ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } });

    /// <summary>True when anything but this registration and handle creations names the <c>Database</c> type.</summary>
    private static async Task<bool> IsDatabaseNamedElsewhereAsync(
        EngramRuntimeSymbols runtime, InvocationExpressionSyntax registration, Solution solution, CancellationToken cancellationToken)
    {
        var references = await SymbolFinder.FindReferencesAsync(runtime.Database, solution, cancellationToken).ConfigureAwait(false);
        foreach (var location in references.SelectMany(referenced => referenced.Locations))
        {
            // The runtime's own source names Database everywhere when the solution builds it as a project.
            if (location.IsImplicit || location.IsCandidateLocation || location.Document.Project.AssemblyName == runtime.Database.ContainingAssembly.Name)
            {
                continue;
            }

            var inRegistration = location.Location.SourceTree == registration.SyntaxTree && registration.Span.Contains(location.Location.SourceSpan);
            if (!inRegistration && !await IsHandleCreationAsync(location, cancellationToken).ConfigureAwait(false))
            {
                return true;
            }
        }

        return false;
    }

    // Database in Database.FileBased(...) or Database.InMemory(): a handle made in place, not one taken from the container.
    private static async Task<bool> IsHandleCreationAsync(ReferenceLocation location, CancellationToken cancellationToken)
    {
        var root = await location.Document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var name = root?.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true);
        return name?.Parent is MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax } access && access.Expression == name;
    }
}
