using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Engram.Analyzers.Affinity;
using Engram.Analyzers.CodeFixes.Conversion;
using Engram.Analyzers.CodeFixes.Extensions;
using Engram.Analyzers.CodeFixes.Fixing;
using Engram.Analyzers.CodeFixes.Rewriting;
using Engram.Analyzers.Extensions;
using Engram.Analyzers.Rules;
using Engram.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;

namespace Engram.Analyzers.CodeFixes;

/// <summary>
/// ENG003: gives each thread its own value in place of one shared static, whichever way keeps the program right.
/// <list type="bullet">
/// <item>A static created once by <c>Database.FileBased(path)</c> (or taken from a context) and never assigned again
/// becomes a per-thread getter: <c>static Database X => EngramThreadSafe.GetThreadSafeContext(path).Db;</c>. When the
/// path cannot be evaluated again at each read, the context is kept in a static of its own, made once from that
/// path, and the getter reads its <c>Db</c>.</item>
/// <item>A mutable static with no initializer that every method reading it also assigns (the "current handle" or
/// lazy-initialisation pattern) becomes <c>[ThreadStatic]</c>, so each thread reads what it assigned.</item>
/// <item>A static of a type that holds a handle (a repository): the type holds a thread-safe context instead, as
/// ENG001's and ENG004's fixes make it, and the static stays.</item>
/// </list>
/// A public field becoming a property is offered on its own, as it changes the public API.
/// </summary>
/// <remarks>
/// No fix otherwise: a <c>[ThreadStatic]</c> initializer runs on one thread only and leaves the others with
/// <see langword="null"/>, a static assigned on one thread and read on another would read <see langword="null"/>
/// once per-thread, and an in-memory or third-party handle has no per-thread equivalent holding the same data.
/// A static that the program disposes is left alone too: the getter would dispose a handle the context still owns.
/// </remarks>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AffineValueInSharedStateFixer)), Shared]
public sealed class AffineValueInSharedStateFixer : CodeFixProvider
{
    private static readonly EngramFix Fix = new(AffineValueInSharedStateAnalyzer.DiagnosticId, "Keep one value per thread", RequestAsync);

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(AffineValueInSharedStateAnalyzer.DiagnosticId);

    public override FixAllProvider GetFixAllProvider() => Fix.FixAllProvider;

    public override Task RegisterCodeFixesAsync(CodeFixContext context) => Fix.RegisterCodeFixesAsync(context);

    private static async Task<FixRequest?> RequestAsync(FixSession session, DocumentContext document, Diagnostic diagnostic)
    {
        var cancellationToken = session.CancellationToken;
        var declaration = document.Root.FindToken(diagnostic.Location.SourceSpan.Start).Parent;
        if (declaration is not (VariableDeclaratorSyntax or PropertyDeclarationSyntax)
            || document.Model.GetDeclaredSymbol(declaration, cancellationToken) is not { IsStatic: true } member
            || (member switch { IFieldSymbol field => field.Type, IPropertySymbol property => property.Type, _ => null }) is not { } type)
        {
            return null;
        }

        var project = document.Project;
        if (!project.Runtime.IsDatabase(type))
        {
            // A repository in a static: once it holds a context, it is no longer thread-affine.
            return project.Affinity?.FindHeldAffineValue(type) is { Kind: AffineHolderKind.Direct }
                && AffineValueSeeds.InferredType(type, project) is { } seed
                    ? new FixRequest(ConversionTitles.Sentence(seed), new[] { seed })
                    : null;
        }

        if (await TryPerThreadGetterAsync(session, document, declaration, member).ConfigureAwait(false) is { } getter)
        {
            var changesKind = declaration is VariableDeclaratorSyntax && member.IsPublicApiOf(project.Compilation);
            return new FixRequest($"Make '{member.Name}' return this thread's own handle", new ConversionSeed[0], getter, changesKind ? member : null);
        }

        return await TryThreadStaticAsync(session, document, declaration, member, diagnostic).ConfigureAwait(false) is { } threadStatic
            ? new FixRequest($"Mark '{member.Name}' [ThreadStatic] so each thread keeps its own", new ConversionSeed[0], threadStatic)
            : null;
    }

    private static async Task<SolutionEdits?> TryPerThreadGetterAsync(FixSession session, DocumentContext document, SyntaxNode declaration, ISymbol member)
    {
        var cancellationToken = session.CancellationToken;
        var solution = session.Solution;
        var runtime = document.Project.Runtime;
        if (await HandleInitializer.FindSoleValueAsync(member, solution, cancellationToken).ConfigureAwait(false) is not { } creation
            || await member.IsDisposedAnywhereAsync(solution, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var generator = SyntaxGenerator.GetGenerator(document.Document);
        var site = new ReevaluationSite(solution, document.Model, creation.Syntax.SpanStart);
        var threadHandle = await PerThreadHandleExpression.TryCreateAsync(creation, runtime, site, generator, cancellationToken).ConfigureAwait(false);
        var edits = new SolutionEdits();
        if (threadHandle is null)
        {
            // The path (or context) is evaluated once, as before, into a context of its own; the getter reads its Db.
            if (ContextOf(creation, runtime, generator) is not { } context
                || ContextFieldName(member) is not { } contextName
                || declaration.FirstAncestorOrSelf<MemberDeclarationSyntax>(node => node is FieldDeclarationSyntax or PropertyDeclarationSyntax) is not { } memberDeclaration)
            {
                return null;
            }

            edits.InsertBefore(document, memberDeclaration, _ => ContextField(contextName, context, runtime, generator).WithAdditionalAnnotations(Formatter.Annotation));
            threadHandle = SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName(contextName), SyntaxFactory.IdentifierName(runtime.ContextDb.Name));
        }

        var getter = SyntaxFactory.ArrowExpressionClause(threadHandle.WithTriviaFrom(creation.Syntax));
        switch (declaration)
        {
            case VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: FieldDeclarationSyntax { AttributeLists.Count: 0 } field } } declarator:
                var property = SyntaxFactory.PropertyDeclaration(
                        attributeLists: default,
                        modifiers: SyntaxFactory.TokenList(field.Modifiers.Where(m => !m.IsKind(SyntaxKind.ReadOnlyKeyword) && !m.IsKind(SyntaxKind.VolatileKeyword))),
                        type: field.Declaration.Type,
                        explicitInterfaceSpecifier: null,
                        identifier: declarator.Identifier,
                        accessorList: null,
                        expressionBody: getter,
                        initializer: null,
                        semicolonToken: field.SemicolonToken)
                    .WithLeadingTrivia(field.GetLeadingTrivia())
                    .WithAdditionalAnnotations(Formatter.Annotation);
                edits.Replace(document, field, (_, _) => property);
                return edits;

            case PropertyDeclarationSyntax autoProperty when !autoProperty.AttributeLists.Any(list => list.Target?.Identifier.IsKind(SyntaxKind.FieldKeyword) == true):
                var getterProperty = autoProperty
                    .WithAccessorList(null)
                    .WithInitializer(null)
                    .WithExpressionBody(getter)
                    .WithSemicolonToken(autoProperty.SemicolonToken.IsKind(SyntaxKind.None) ? SyntaxFactory.Token(SyntaxKind.SemicolonToken) : autoProperty.SemicolonToken)
                    .WithAdditionalAnnotations(Formatter.Annotation);
                edits.Replace(document, autoProperty, (_, _) => getterProperty);
                return edits;

            default:
                return null;
        }
    }

    /// <summary>The context a static handle was taken from: <c>GetThreadSafeContext(path)</c> for <c>Database.FileBased(path)</c>, <c>X</c> for <c>X.Db</c>.</summary>
    private static ExpressionSyntax? ContextOf(IOperation creation, EngramRuntimeSymbols runtime, SyntaxGenerator generator)
    {
        var value = creation.WalkDownConversions();
        if (runtime.IsFileBased(value) && value.Syntax is InvocationExpressionSyntax fileBased)
        {
            var engramThreadSafe = ((ExpressionSyntax)generator.TypeExpression(runtime.EngramThreadSafe)).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
            return SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, engramThreadSafe, SyntaxFactory.IdentifierName(runtime.GetThreadSafeContext.Name)),
                fileBased.ArgumentList.WithArguments(SyntaxFactory.SeparatedList(fileBased.ArgumentList.Arguments.Select(argument => argument.WithNameColon(null)))))
                .WithoutTrivia();
        }

        return runtime.IsContextDb(value) && value.Syntax is MemberAccessExpressionSyntax db ? db.Expression.WithoutTrivia() : null;
    }

    private static string? ContextFieldName(ISymbol member)
    {
        var name = HolderNames.Derive(member.Name);
        for (var number = 1; number < 100; number++)
        {
            var candidate = number == 1 ? name : name + number;
            if (member.ContainingType.GetMembers(candidate).IsEmpty)
            {
                return candidate;
            }
        }

        return null;
    }

    private static SyntaxNode ContextField(string name, ExpressionSyntax context, EngramRuntimeSymbols runtime, SyntaxGenerator generator) =>
        SyntaxFactory.FieldDeclaration(
                SyntaxFactory.VariableDeclaration(
                    (TypeSyntax)generator.TypeExpression(runtime.Context).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation),
                    SyntaxFactory.SingletonSeparatedList(SyntaxFactory.VariableDeclarator(name).WithInitializer(SyntaxFactory.EqualsValueClause(context)))))
            .WithModifiers(SyntaxFactory.TokenList(
                SyntaxFactory.Token(SyntaxKind.PrivateKeyword), SyntaxFactory.Token(SyntaxKind.StaticKeyword), SyntaxFactory.Token(SyntaxKind.ReadOnlyKeyword)));

    private static async Task<SolutionEdits?> TryThreadStaticAsync(FixSession session, DocumentContext document, SyntaxNode declaration, ISymbol member, Diagnostic diagnostic)
    {
        if (member is not IFieldSymbol { IsReadOnly: false, IsConst: false } field
            || declaration is not VariableDeclaratorSyntax { Initializer: null, Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: FieldDeclarationSyntax fieldDeclaration } }
            || (diagnostic.Properties.TryGetValue(AffineValueInSharedStateAnalyzer.HolderKindProperty, out var holder) && holder == nameof(AffineHolderKind.AsyncLocal))
            || document.Model.Compilation.GetBestTypeByMetadataName(MetadataNames.ThreadStaticAttribute) is not { } threadStatic
            || !await EveryReadFollowsWriteOnSameThreadAsync(field, session.Solution, session.CancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var generator = SyntaxGenerator.GetGenerator(document.Document);
        var marked = generator.AddAttributes(fieldDeclaration, generator.Attribute(generator.TypeExpression(threadStatic).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation)));
        var edits = new SolutionEdits();
        edits.Replace(document, fieldDeclaration, (_, _) => marked.WithAdditionalAnnotations(Formatter.Annotation));
        return edits;
    }

    /// <summary>
    /// True when the field is assigned somewhere and each function that reads it (method, accessor, lambda or local
    /// function) also assigns it and is not async: then a thread only ever reads a value it stored itself, which is
    /// exactly what <c>[ThreadStatic]</c> keeps. An await could resume the function on another thread.
    /// </summary>
    private static async Task<bool> EveryReadFollowsWriteOnSameThreadAsync(IFieldSymbol field, Solution solution, CancellationToken cancellationToken)
    {
        var sites = await field.FindReferenceSitesAsync(solution, cancellationToken).ConfigureAwait(false);
        var writingFunctions = new HashSet<SyntaxNode>(sites.Where(s => s.IsWrite).Select(s => s.Syntax.EnclosingFunction()));
        return writingFunctions.Count > 0
            && writingFunctions.All(function => !IsAsync(function))
            && sites.All(site => site.IsWrite || writingFunctions.Contains(site.Syntax.EnclosingFunction()));
    }

    private static bool IsAsync(SyntaxNode function) => function switch
    {
        AnonymousFunctionExpressionSyntax lambda => lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword),
        LocalFunctionStatementSyntax local => local.Modifiers.Any(SyntaxKind.AsyncKeyword),
        MemberDeclarationSyntax method => method.Modifiers.Any(SyntaxKind.AsyncKeyword),
        _ => false,
    };
}
