using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Engram.Analyzers.Affinity;
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
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace Engram.Analyzers.CodeFixes;

/// <summary>
/// ENG003: gives each thread its own value in place of one shared static, whichever way keeps the program right.
/// <list type="bullet">
/// <item>A static created once by <c>Database.FileBased(path)</c> (or taken from a context) and never assigned again
/// becomes a per-thread getter: <c>static Database X => EngramThreadSafe.GetThreadSafeContext(path).Db;</c></item>
/// <item>A mutable static with no initializer that every method reading it also assigns (the "current handle" or
/// lazy-initialisation pattern) becomes <c>[ThreadStatic]</c>, so each thread reads what it assigned.</item>
/// </list>
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
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(AffineValueInSharedStateAnalyzer.DiagnosticId);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var document = context.Document;
        var cancellationToken = context.CancellationToken;
        if (await context.GetRootAndModelAsync().ConfigureAwait(false) is not ({ } root, { } model))
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            var declaration = root.FindToken(diagnostic.Location.SourceSpan.Start).Parent;
            if (declaration is not (VariableDeclaratorSyntax or PropertyDeclarationSyntax)
                || model.GetDeclaredSymbol(declaration, cancellationToken) is not { IsStatic: true } member)
            {
                continue;
            }

            var fixedRoot = await TryPerThreadGetterAsync(document, model, root, declaration, member, cancellationToken).ConfigureAwait(false);
            var title = $"Make '{member.Name}' return this thread's own handle";
            if (fixedRoot is null)
            {
                fixedRoot = await TryThreadStaticAsync(document, model, root, declaration, member, diagnostic, cancellationToken).ConfigureAwait(false);
                title = $"Mark '{member.Name}' [ThreadStatic] so each thread keeps its own";
            }

            if (fixedRoot is not null)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(title, token => document.WithRootAndImportsAsync(fixedRoot, token), equivalenceKey: nameof(AffineValueInSharedStateFixer)),
                    diagnostic);
            }
        }
    }

    private static async Task<SyntaxNode?> TryPerThreadGetterAsync(
        Document document, SemanticModel model, SyntaxNode root, SyntaxNode declaration, ISymbol member, CancellationToken cancellationToken)
    {
        var solution = document.Project.Solution;
        if (EngramRuntimeSymbols.TryResolve(model.Compilation) is not { } runtime
            || !runtime.IsDatabase(member switch { IFieldSymbol field => field.Type, IPropertySymbol property => property.Type, _ => null })
            || await HandleInitializer.FindSoleValueAsync(member, solution, cancellationToken).ConfigureAwait(false) is not { } creation
            || await member.IsDisposedAnywhereAsync(solution, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var site = new ReevaluationSite(solution, model, creation.Syntax.SpanStart);
        var threadHandle = await PerThreadHandleExpression
            .TryCreateAsync(creation, runtime, site, SyntaxGenerator.GetGenerator(document), cancellationToken)
            .ConfigureAwait(false);
        if (threadHandle is null)
        {
            return null;
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
                    .WithLeadingTrivia(field.GetLeadingTrivia());
                return root.ReplaceNode(field, property.WithAdditionalAnnotations(Formatter.Annotation));

            case PropertyDeclarationSyntax autoProperty when !autoProperty.AttributeLists.Any(list => list.Target?.Identifier.IsKind(SyntaxKind.FieldKeyword) == true):
                var getterProperty = autoProperty
                    .WithAccessorList(null)
                    .WithInitializer(null)
                    .WithExpressionBody(getter)
                    .WithAdditionalAnnotations(Formatter.Annotation);
                return root.ReplaceNode(autoProperty, getterProperty);

            default:
                return null;
        }
    }

    private static async Task<SyntaxNode?> TryThreadStaticAsync(
        Document document, SemanticModel model, SyntaxNode root, SyntaxNode declaration, ISymbol member, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (member is not IFieldSymbol { IsReadOnly: false, IsConst: false } field
            || declaration is not VariableDeclaratorSyntax { Initializer: null, Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: FieldDeclarationSyntax fieldDeclaration } }
            || (diagnostic.Properties.TryGetValue(AffineValueInSharedStateAnalyzer.HolderKindProperty, out var holder) && holder == nameof(AffineHolderKind.AsyncLocal))
            || model.Compilation.GetBestTypeByMetadataName(MetadataNames.ThreadStaticAttribute) is not { } threadStatic
            || !await EveryReadFollowsWriteOnSameThreadAsync(field, document.Project.Solution, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var generator = SyntaxGenerator.GetGenerator(document);
        var marked = generator.AddAttributes(fieldDeclaration, generator.Attribute(generator.TypeExpression(threadStatic).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation)));
        return root.ReplaceNode(fieldDeclaration, marked.WithAdditionalAnnotations(Formatter.Annotation));
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
