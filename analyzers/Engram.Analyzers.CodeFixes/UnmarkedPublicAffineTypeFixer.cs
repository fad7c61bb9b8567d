using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Engram.Analyzers.Affinity;
using Engram.Analyzers.CodeFixes.Extensions;
using Engram.Analyzers.Extensions;
using Engram.Analyzers.Rules;
using Engram.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;

namespace Engram.Analyzers.CodeFixes;

/// <summary>
/// ENG006: marks the public holder of a handle <c>[ThreadAffine]</c> (the default action), or <c>[Sendable]</c>
/// (offered second: only the author knows the type is safe to share).
/// </summary>
/// <remarks>
/// The attribute used is the runtime's (<c>EngramDb.Threading</c>) when referenced, else one of that name declared in
/// the project; without either no action is offered, as the fix cannot know where to declare one.
/// </remarks>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnmarkedPublicAffineTypeFixer)), Shared]
public sealed class UnmarkedPublicAffineTypeFixer : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(UnmarkedPublicAffineTypeAnalyzer.DiagnosticId);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        if (await context.GetRootAndModelAsync().ConfigureAwait(false) is not ({ } root, { } model))
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (root.FindToken(diagnostic.Location.SourceSpan.Start).Parent is not TypeDeclarationSyntax declaration)
            {
                continue;
            }

            Offer(context, diagnostic, root, declaration, FindAttribute(model.Compilation, MetadataNames.ThreadAffineAttribute, ThreadAffinityContext.AttributeName, context.CancellationToken),
                "Mark it [ThreadAffine] so every project sees it is thread-affine", "ENG006.MarkThreadAffine");
            Offer(context, diagnostic, root, declaration, FindAttribute(model.Compilation, MetadataNames.SendableAttribute, ThreadAffinityContext.SendableAttributeName, context.CancellationToken),
                "Mark it [Sendable]: it is safe to share between threads", "ENG006.MarkSendable");
        }
    }

    private static void Offer(
        CodeFixContext context, Diagnostic diagnostic, SyntaxNode root, TypeDeclarationSyntax declaration, INamedTypeSymbol? attribute, string title, string equivalenceKey)
    {
        if (attribute is null)
        {
            return;
        }

        var document = context.Document;
        context.RegisterCodeFix(
            CodeAction.Create(
                title,
                token =>
                {
                    var generator = SyntaxGenerator.GetGenerator(document);
                    var name = generator.TypeExpression(attribute).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
                    var marked = generator.AddAttributes(declaration, generator.Attribute(name));
                    return document.WithRootAndImportsAsync(root.ReplaceNode(declaration, marked), token);
                },
                equivalenceKey),
            diagnostic);
    }

    private static INamedTypeSymbol? FindAttribute(Compilation compilation, string runtimeMetadataName, string className, CancellationToken cancellationToken) =>
        compilation.GetBestTypeByMetadataName(runtimeMetadataName)
        ?? compilation.GetSymbolsWithName(className, SymbolFilter.Type, cancellationToken).OfType<INamedTypeSymbol>().FirstOrDefault();
}
