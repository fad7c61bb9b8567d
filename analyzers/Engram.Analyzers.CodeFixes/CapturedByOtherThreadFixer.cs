using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Engram.Analyzers.CodeFixes.Extensions;
using Engram.Analyzers.CodeFixes.Rewriting;
using Engram.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Editing;

namespace Engram.Analyzers.CodeFixes;

/// <summary>
/// ENG001: inside the delegate that runs on another thread, replaces the captured handle with that thread's own
/// handle for the same store: <c>EngramThreadSafe.GetThreadSafeContext(path).Db</c>, where the handle was created
/// by <c>Database.FileBased(path)</c>, or <c>ctx.Db</c>, where it came from a thread-safe context.
/// </summary>
/// <remarks>
/// No fix when the handle's one creation is not in sight (a parameter, a reassigned variable), when it has no
/// per-thread equivalent (<c>Database.InMemory()</c> would give each thread different data; a configured
/// third-party type has no known factory), when its path cannot be evaluated again inside the delegate, for the
/// receiver of a method group, which is evaluated on the calling thread, or where the delegate disposes the handle
/// (disposing the thread's handle instead would break the context that owns it and leave the user's open).
/// </remarks>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CapturedByOtherThreadFixer)), Shared]
public sealed class CapturedByOtherThreadFixer : CodeFixProvider
{
    private const string Title = "Use this thread's own handle";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(CapturedByOtherThreadAnalyzer.DiagnosticId);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var document = context.Document;
        var cancellationToken = context.CancellationToken;
        if (await context.GetRootAndModelAsync().ConfigureAwait(false) is not ({ } root, { } model)
            || EngramRuntimeSymbols.TryResolve(model.Compilation) is not { } runtime)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (HandleReference.Find(root, model, runtime, diagnostic, cancellationToken) is not { } found
                || await HandleInitializer.FindSoleValueAsync(found.Handle, document.Project.Solution, cancellationToken).ConfigureAwait(false) is not { } creation)
            {
                continue;
            }

            var reference = found.Reference;
            var site = new ReevaluationSite(document.Project.Solution, model, reference.Syntax.SpanStart);
            var threadHandle = await PerThreadHandleExpression
                .TryCreateAsync(creation, runtime, site, SyntaxGenerator.GetGenerator(document), cancellationToken)
                .ConfigureAwait(false);
            if (threadHandle is null)
            {
                continue;
            }

            var fixedRoot = root.ReplaceNode(reference.Syntax, threadHandle.WithTriviaFrom(reference.Syntax));
            context.RegisterCodeFix(
                CodeAction.Create(Title, token => document.WithRootAndImportsAsync(fixedRoot, token), equivalenceKey: nameof(CapturedByOtherThreadFixer)),
                diagnostic);
        }
    }
}
