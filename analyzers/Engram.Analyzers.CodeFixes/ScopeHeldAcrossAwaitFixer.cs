using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Engram.Analyzers.CodeFixes.Extensions;
using Engram.Analyzers.CodeFixes.Rewriting;
using Engram.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace Engram.Analyzers.CodeFixes;

/// <summary>
/// ENG005: a private, unnamed <c>Mutex</c> or <c>Monitor</c> lock object that only its type uses becomes a
/// <c>SemaphoreSlim(1, 1)</c>, entered with <c>await WaitAsync()</c> and left with <c>Release()</c> in a
/// <c>finally</c> (<see cref="SemaphoreSlimRewrite"/>). Other locks and scopes get no fix: the message says what to do.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ScopeHeldAcrossAwaitFixer)), Shared]
public sealed class ScopeHeldAcrossAwaitFixer : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(ScopeHeldAcrossAwaitAnalyzer.DiagnosticId);

    // Every diagnostic on one lock asks for the same rewrite of all its uses: Fix All rewrites each lock once.
    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixAllInDocumentAsync);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var document = context.Document;
        if (await context.GetRootAndModelAsync().ConfigureAwait(false) is not ({ } root, { } model)
            || SemaphoreSlimSymbols.TryResolve(model.Compilation) is not { } symbols)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (await SemaphoreSlimRewrite.TryCreateAsync(document, root, symbols, diagnostic, context.CancellationToken).ConfigureAwait(false) is { } rewrite)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Make '{rewrite.Field.Name}' a SemaphoreSlim (WaitAsync / Release)",
                        token => ApplyAsync(document, root, symbols, new[] { rewrite }, token),
                        equivalenceKey: nameof(ScopeHeldAcrossAwaitFixer)),
                    diagnostic);
            }
        }
    }

    private static async Task<Document?> FixAllInDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
    {
        var cancellationToken = context.CancellationToken;
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null || SemaphoreSlimSymbols.TryResolve(model.Compilation) is not { } symbols)
        {
            return null;
        }

        var rewrites = new Dictionary<ISymbol, SemaphoreSlimRewrite>(SymbolEqualityComparer.Default);
        foreach (var diagnostic in diagnostics)
        {
            if (await SemaphoreSlimRewrite.TryCreateAsync(document, root, symbols, diagnostic, cancellationToken).ConfigureAwait(false) is { } rewrite
                && !rewrites.ContainsKey(rewrite.Field))
            {
                rewrites.Add(rewrite.Field, rewrite);
            }
        }

        return rewrites.Count == 0 ? null : await ApplyAsync(document, root, symbols, rewrites.Values, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<Document> ApplyAsync(
        Document document, SyntaxNode root, SemaphoreSlimSymbols symbols, IEnumerable<SemaphoreSlimRewrite> rewrites, CancellationToken cancellationToken)
    {
        var editor = new SyntaxEditor(root, document.Project.Solution.Services);
        var wrapped = new Dictionary<BlockSyntax, List<(int First, int Last)>>();
        foreach (var rewrite in rewrites)
        {
            rewrite.Apply(editor, symbols, wrapped);
        }

        SemaphoreSlimRewrite.WrapInTryFinally(editor, wrapped);
        return await document.WithRootAndImportsAsync(editor.GetChangedRoot(), cancellationToken).ConfigureAwait(false);
    }
}
