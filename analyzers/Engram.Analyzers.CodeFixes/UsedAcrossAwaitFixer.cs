using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Engram.Analyzers.CodeFixes.Extensions;
using Engram.Analyzers.CodeFixes.Rewriting;
using Engram.Analyzers.Extensions;
using Engram.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;

namespace Engram.Analyzers.CodeFixes;

/// <summary>
/// ENG002: gives the code after an await the handle of the thread it resumed on.
/// <list type="bullet">
/// <item>A local opened with <c>Database.FileBased(path)</c>, never disposed, and used in a later statement of the
/// block that awaits (on every path, the same await): <c>db = EngramThreadSafe.GetThreadSafeContext(path).Db;</c> is
/// inserted right after the awaiting statement, so every later use gets the resumed thread's handle.</item>
/// <item>Otherwise the stale handle is replaced at the use: by <c>ctx.Db</c> when it came from a context, by
/// <c>EngramThreadSafe.GetThreadSafeContext(path).Db</c> when it was opened on a visible path.</item>
/// </list>
/// </summary>
/// <remarks>
/// Reassigning a disposed or <c>using</c> handle would dispose the context's handle instead of the user's, so those
/// are replaced at the use. No fix when the handle's creation is not in sight (a parameter, a variable assigned
/// elsewhere), when it has no per-thread equivalent (<c>Database.InMemory()</c>, a configured third-party type),
/// when the path or context cannot be evaluated again there, or when the await lies between reading the handle and
/// using it (<c>db.Save(await LoadAsync())</c>): any handle read there is read before the await.
/// </remarks>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UsedAcrossAwaitFixer)), Shared]
public sealed class UsedAcrossAwaitFixer : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(UsedAcrossAwaitAnalyzer.DiagnosticId);

    // Several uses after one await share one inserted statement, which the batch fixer would insert once per use.
    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixAllInDocumentAsync);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var document = context.Document;
        if (await context.GetRootAndModelAsync().ConfigureAwait(false) is not ({ } root, { } model)
            || EngramRuntimeSymbols.TryResolve(model.Compilation) is not { } runtime)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            var edits = await FindEditsAsync(document, root, model, runtime, diagnostic, context.CancellationToken).ConfigureAwait(false);
            if (edits.Count > 0)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(edits[0].Title, token => ApplyAsync(document, root, edits, token), equivalenceKey: nameof(UsedAcrossAwaitFixer)),
                    diagnostic);
            }
        }
    }

    /// <summary>
    /// The edits for every use the diagnostic names: its location and its additional locations (the later uses of
    /// the same value after the same await). Only when every use can be fixed: half a fix would leave stale uses.
    /// </summary>
    private static async Task<List<ReacquireEdit>> FindEditsAsync(
        Document document, SyntaxNode root, SemanticModel model, EngramRuntimeSymbols runtime, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var edits = new List<ReacquireEdit>();
        foreach (var location in new[] { diagnostic.Location }.Concat(diagnostic.AdditionalLocations))
        {
            var use = Diagnostic.Create(diagnostic.Descriptor, location, diagnostic.Properties);
            if (await FindEditAsync(document, root, model, runtime, use, cancellationToken).ConfigureAwait(false) is not { } edit)
            {
                return new List<ReacquireEdit>();
            }

            edits.Add(edit);
        }

        return edits;
    }

    private static async Task<Document?> FixAllInDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
    {
        var cancellationToken = context.CancellationToken;
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null || EngramRuntimeSymbols.TryResolve(model.Compilation) is not { } runtime)
        {
            return null;
        }

        var edits = new List<ReacquireEdit>();
        foreach (var diagnostic in diagnostics)
        {
            edits.AddRange(await FindEditsAsync(document, root, model, runtime, diagnostic, cancellationToken).ConfigureAwait(false));
        }

        return edits.Count == 0 ? null : await ApplyAsync(document, root, edits, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<ReacquireEdit?> FindEditAsync(
        Document document, SyntaxNode root, SemanticModel model, EngramRuntimeSymbols runtime, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var solution = document.Project.Solution;
        if (HandleReference.Find(root, model, runtime, diagnostic, cancellationToken) is not { } found
            || IsAwaitedBetweenReadAndUse(found.Reference)
            || await HandleInitializer.FindInitialValueAsync(found.Handle, solution, (assigned, initial) => IsReacquisition(assigned, initial, runtime), cancellationToken)
                .ConfigureAwait(false) is not { } creation)
        {
            return null;
        }

        var generator = SyntaxGenerator.GetGenerator(document);
        var use = found.Reference.Syntax;
        if (found.Handle is ILocalSymbol local
            && IsFileBased(creation, runtime)
            && FindStatementToFollow(root, diagnostic, use, local, cancellationToken) is { } awaiting
            && !await local.IsDisposedAnywhereAsync(solution, cancellationToken).ConfigureAwait(false)
            && await PerThreadHandleExpression.TryCreateAsync(creation, runtime, new ReevaluationSite(solution, model, awaiting.Span.End), generator, cancellationToken)
                .ConfigureAwait(false) is { } reacquired)
        {
            // On a line of its own, indented like the awaiting statement (elastic trivia would make a top-level
            // statement a member surrounded by blank lines).
            var statement = SyntaxFactory.ExpressionStatement(SyntaxFactory.AssignmentExpression(
                    SyntaxKind.SimpleAssignmentExpression, (ExpressionSyntax)generator.IdentifierName(local.Name), reacquired))
                .WithLeadingTrivia(Indentation(awaiting))
                .WithTrailingTrivia(SyntaxFactory.EndOfLine(NewLine(awaiting)));
            return new ReacquireEdit(
                $"Get '{local.Name}' again after the await",
                awaiting,
                awaiting is GlobalStatementSyntax ? SyntaxFactory.GlobalStatement(statement) : statement,
                insertsAfterTarget: true);
        }

        var threadHandle = await PerThreadHandleExpression
            .TryCreateAsync(creation, runtime, new ReevaluationSite(solution, model, use.SpanStart), generator, cancellationToken)
            .ConfigureAwait(false);
        return threadHandle is null
            ? null
            : new ReacquireEdit("Use the handle of the thread the code resumed on", use, threadHandle.WithTriviaFrom(use), insertsAfterTarget: false);
    }

    private static async Task<Document> ApplyAsync(Document document, SyntaxNode root, IEnumerable<ReacquireEdit> edits, CancellationToken cancellationToken)
    {
        var editor = new SyntaxEditor(root, document.Project.Solution.Services);
        var insertions = new HashSet<(SyntaxNode Target, string Statement)>();
        foreach (var edit in edits)
        {
            if (!edit.InsertsAfterTarget)
            {
                editor.ReplaceNode(edit.Target, edit.NewNode);
            }
            else if (insertions.Add((edit.Target, edit.NewNode.ToString())))
            {
                editor.InsertAfter(edit.Target, edit.NewNode.WithAdditionalAnnotations(Formatter.Annotation));
            }
        }

        return await document.WithRootAndImportsAsync(editor.GetChangedRoot(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The statement after which <paramref name="local"/> can be assigned again so that <paramref name="use"/> gets the
    /// resumed thread's handle: the statement holding the diagnostic's await, when that await is the only one crossed,
    /// the statement is a plain statement of a block (or of the top level) in the function declaring the local, and
    /// the use comes in a later statement of that block.
    /// </summary>
    private static SyntaxNode? FindStatementToFollow(SyntaxNode root, Diagnostic diagnostic, SyntaxNode use, ILocalSymbol local, CancellationToken cancellationToken)
    {
        if (!diagnostic.Properties.TryGetValue(UsedAcrossAwaitAnalyzer.SeveralAwaitsProperty, out var several)
            || several != bool.FalseString
            || !diagnostic.Properties.TryGetValue(UsedAcrossAwaitAnalyzer.AwaitPositionProperty, out var positionText)
            || !int.TryParse(positionText, NumberStyles.None, CultureInfo.InvariantCulture, out var position)
            || root.FindToken(position).Parent is not AwaitExpressionSyntax awaitExpression
            || awaitExpression.FirstAncestorOrSelf<StatementSyntax>() is not { } statement
            || statement is not (ExpressionStatementSyntax or LocalDeclarationStatementSyntax)
            || local.DeclaringSyntaxReferences.Length != 1
            || local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax
            {
                Parent.Parent: LocalDeclarationStatementSyntax { UsingKeyword.RawKind: (int)SyntaxKind.None } declaration,
            })
        {
            return null;
        }

        SyntaxNode awaiting = statement.Parent is GlobalStatementSyntax global ? global : statement;
        var function = statement.EnclosingFunction();
        var isLaterInSameBlock = awaiting.Parent is BlockSyntax or SwitchSectionSyntax or CompilationUnitSyntax
            && awaiting.Parent.Span.Contains(use.Span)
            && use.SpanStart >= awaiting.Span.End;
        return isLaterInSameBlock
            && awaitExpression.EnclosingFunction() == function
            && use.EnclosingFunction() == function
            && declaration.EnclosingFunction() == function
            ? awaiting
            : null;
    }

    private static SyntaxTriviaList Indentation(SyntaxNode statement)
    {
        var leading = statement.GetLeadingTrivia();
        return leading.Count > 0 && leading[leading.Count - 1].IsKind(SyntaxKind.WhitespaceTrivia)
            ? SyntaxFactory.TriviaList(leading[leading.Count - 1])
            : SyntaxFactory.TriviaList();
    }

    private static string NewLine(SyntaxNode statement)
    {
        foreach (var trivia in statement.GetTrailingTrivia())
        {
            if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
            {
                return trivia.ToString();
            }
        }

        return "\n";
    }

    /// <summary>
    /// True when the operation using the handle awaits after reading it, as in <c>db.Save(await LoadAsync())</c>:
    /// whatever handle is written at the read is read before the await.
    /// </summary>
    private static bool IsAwaitedBetweenReadAndUse(IOperation reference)
    {
        var user = reference.GetConsumer();
        if (user is IArgumentOperation argument)
        {
            user = argument.Parent;
        }

        if (user is null)
        {
            return false;
        }

        foreach (var token in user.Syntax.DescendantTokens())
        {
            if (token.IsKind(SyntaxKind.AwaitKeyword) && token.SpanStart >= reference.Syntax.Span.End)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsFileBased(IOperation creation, EngramRuntimeSymbols runtime) =>
        creation.WalkDownConversions() is IInvocationOperation invocation && runtime.FileBased.Equals(invocation.TargetMethod, SymbolEqualityComparer.Default);

    /// <summary>
    /// True when <paramref name="assigned"/> is <c>EngramThreadSafe.GetThreadSafeContext(path).Db</c> on the path that
    /// <paramref name="initial"/> (<c>Database.FileBased(path)</c>) opened, as this fix writes: the variable still
    /// means the same store.
    /// </summary>
    private static bool IsReacquisition(IOperation assigned, IOperation initial, EngramRuntimeSymbols runtime) =>
        assigned.WalkDownConversions() is IPropertyReferenceOperation { Instance: IInvocationOperation getContext } db
        && runtime.ContextDb.Equals(db.Property, SymbolEqualityComparer.Default)
        && runtime.GetThreadSafeContext.Equals(getContext.TargetMethod, SymbolEqualityComparer.Default)
        && initial.WalkDownConversions() is IInvocationOperation fileBased
        && runtime.FileBased.Equals(fileBased.TargetMethod, SymbolEqualityComparer.Default)
        && PathArgument(getContext) is { } reacquiredPath
        && PathArgument(fileBased) is { } openedPath
        && SyntaxFactory.AreEquivalent(reacquiredPath.Syntax, openedPath.Syntax);

    private static IOperation? PathArgument(IInvocationOperation call)
    {
        foreach (var argument in call.Arguments)
        {
            if (argument.Parameter?.Ordinal == 0 && argument.ArgumentKind != ArgumentKind.DefaultValue)
            {
                return argument.Value;
            }
        }

        return null;
    }

    /// <summary>One change: a node replaced, or a statement inserted after one.</summary>
    private sealed class ReacquireEdit
    {
        public ReacquireEdit(string title, SyntaxNode target, SyntaxNode newNode, bool insertsAfterTarget)
        {
            Title = title;
            Target = target;
            NewNode = newNode;
            InsertsAfterTarget = insertsAfterTarget;
        }

        public string Title { get; }

        public SyntaxNode Target { get; }

        public SyntaxNode NewNode { get; }

        public bool InsertsAfterTarget { get; }
    }
}
