using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Engram.Analyzers.CodeFixes.Extensions;
using Engram.Analyzers.Extensions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;

namespace Engram.Analyzers.CodeFixes.Rewriting;

/// <summary>
/// Turns a private, unnamed lock that one type uses only for acquire and release into a <c>SemaphoreSlim(1, 1)</c>,
/// which any thread may release: <c>Mutex</c> <c>WaitOne</c> / <c>ReleaseMutex</c>, or a <c>new object()</c> used only
/// by <c>Monitor.Enter</c> / <c>TryEnter</c> / <c>Exit</c>.
/// </summary>
/// <remarks>
/// Acquisitions become <c>await gate.WaitAsync(...)</c> in async functions and <c>gate.Wait(...)</c> elsewhere, with
/// the same timeout and result; releases become <c>gate.Release()</c>. An acquisition statement followed in its block
/// by a release statement gets the statements between them wrapped in <c>try { } finally { gate.Release(); }</c>.
/// Not offered for a named or initially owned mutex (another process may share it), a lock reachable from outside
/// its type, assigned again, or used in any other way (<c>lock</c>, <c>Monitor.Wait</c>, passed along), or one whose
/// uses span several documents.
/// </remarks>
internal sealed class SemaphoreSlimRewrite
{
    private readonly IFieldSymbol _field;
    private readonly FieldDeclarationSyntax _declaration;
    private readonly List<(InvocationExpressionSyntax Call, ExpressionSyntax Lock, bool IsAcquisition)> _calls;

    private SemaphoreSlimRewrite(IFieldSymbol field, FieldDeclarationSyntax declaration, List<(InvocationExpressionSyntax, ExpressionSyntax, bool)> calls)
    {
        _field = field;
        _declaration = declaration;
        _calls = calls;
    }

    public IFieldSymbol Field => _field;

    /// <summary>The lock field a reported release or acquisition works on, when the rewrite applies to it.</summary>
    public static async Task<SemaphoreSlimRewrite?> TryCreateAsync(Document document, SyntaxNode root, SemaphoreSlimSymbols symbols, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (model is null
            || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax reported
            || model.GetOperation(reported, cancellationToken) is not IInvocationOperation call
            || symbols.LockOf(call) is not { } lockObject
            || lockObject.WalkDownConversions() is not IFieldReferenceOperation { Field: { DeclaredAccessibility: Accessibility.Private } field } reference
            || (!field.IsStatic && !reference.HasThisReceiver())
            || field.DeclaringSyntaxReferences.Length != 1
            || field.DeclaringSyntaxReferences[0].SyntaxTree != root.SyntaxTree
            || await field.DeclaringSyntaxReferences[0].GetSyntaxAsync(cancellationToken).ConfigureAwait(false) is not VariableDeclaratorSyntax { Initializer.Value: { } initializer } declarator
            || declarator.Parent?.Parent is not FieldDeclarationSyntax { Declaration.Variables.Count: 1 } declaration
            || model.GetOperation(initializer, cancellationToken) is not IObjectCreationOperation creation
            || !symbols.IsUnnamedUnownedLock(creation))
        {
            return null;
        }

        var calls = new List<(InvocationExpressionSyntax, ExpressionSyntax, bool)>();
        foreach (var site in await field.FindReferenceSitesAsync(document.Project.Solution, cancellationToken).ConfigureAwait(false))
        {
            if (site.Syntax.SyntaxTree != root.SyntaxTree
                || site.Operation is not { } use
                || use.IsWrittenTo()
                || FindCall(use) is not { } usingCall)
            {
                return null;
            }

            if (usingCall.IsDisposeCall())
            {
                continue;
            }

            if (symbols.Classify(usingCall) is not { } isAcquisition || usingCall.Syntax is not InvocationExpressionSyntax syntax)
            {
                return null;
            }

            calls.Add((syntax, (ExpressionSyntax)use.Syntax, isAcquisition));
        }

        return calls.Exists(entry => entry.Item3) ? new SemaphoreSlimRewrite(field, declaration, calls) : null;
    }

    /// <summary>Records the rewrite in <paramref name="editor"/>; <paramref name="wrapped"/> gathers the try/finally wraps per block.</summary>
    public void Apply(SyntaxEditor editor, SemaphoreSlimSymbols symbols, Dictionary<BlockSyntax, List<(int First, int Last)>> wrapped)
    {
        var semaphoreType = ((TypeSyntax)editor.Generator.TypeExpression(symbols.SemaphoreSlim)).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
        var variable = _declaration.Declaration;
        editor.ReplaceNode(variable.Type, semaphoreType.WithTriviaFrom(variable.Type));
        var initializer = variable.Variables[0].Initializer!.Value;
        editor.ReplaceNode(initializer, SyntaxFactory.ObjectCreationExpression(
                SyntaxFactory.Token(SyntaxKind.NewKeyword).WithTrailingTrivia(SyntaxFactory.Space),
                semaphoreType,
                SyntaxFactory.ParseArgumentList("(1, 1)"),
                initializer: null)
            .WithTriviaFrom(initializer));

        foreach (var (call, lockExpression, isAcquisition) in _calls)
        {
            var gate = lockExpression.WithoutTrivia();
            var arguments = isAcquisition ? TimeoutArguments(call) : SyntaxFactory.ArgumentList();
            ExpressionSyntax replacement;
            if (!isAcquisition)
            {
                replacement = Invoke(gate, "Release", arguments);
            }
            else if (IsInAsyncFunction(call))
            {
                replacement = SyntaxFactory.AwaitExpression(Invoke(gate, "WaitAsync", arguments));
                if (call.Parent is MemberAccessExpressionSyntax or ConditionalAccessExpressionSyntax or ElementAccessExpressionSyntax)
                {
                    replacement = SyntaxFactory.ParenthesizedExpression(replacement);
                }
            }
            else
            {
                replacement = Invoke(gate, "Wait", arguments);
            }

            editor.ReplaceNode(call, replacement.WithTriviaFrom(call));
            if (isAcquisition && FindReleaseToWrap(call) is var (block, first, last))
            {
                if (!wrapped.TryGetValue(block, out var ranges))
                {
                    ranges = new List<(int, int)>();
                    wrapped.Add(block, ranges);
                }

                if (!ranges.Exists(range => range.First <= last && first <= range.Last))
                {
                    ranges.Add((first, last));
                }
            }
        }
    }

    /// <summary>Wraps the recorded statement ranges, innermost blocks first so that outer blocks see the inner edits.</summary>
    public static void WrapInTryFinally(SyntaxEditor editor, Dictionary<BlockSyntax, List<(int First, int Last)>> wrapped)
    {
        foreach (var entry in wrapped.OrderByDescending(pair => pair.Key.Ancestors().Count()))
        {
            var ranges = entry.Value.OrderByDescending(range => range.First).ToList();
            editor.ReplaceNode(entry.Key, (current, _) =>
            {
                var block = (BlockSyntax)current;
                var statements = block.Statements.ToList();
                foreach (var (first, last) in ranges)
                {
                    // first: the first statement after the acquisition; last: the release.
                    var protectedStatements = statements.GetRange(first, last - first);
                    var release = statements[last];
                    var tryStatement = SyntaxFactory.TryStatement(
                        SyntaxFactory.Block(protectedStatements),
                        default,
                        SyntaxFactory.FinallyClause(SyntaxFactory.Block(release)))
                        .WithLeadingTrivia(Indentation(protectedStatements[0]))
                        .WithAdditionalAnnotations(Microsoft.CodeAnalysis.Formatting.Formatter.Annotation);
                    statements.RemoveRange(first, last - first + 1);
                    statements.Insert(first, tryStatement);
                }

                return block.WithStatements(SyntaxFactory.List(statements));
            });
        }
    }

    /// <summary>The whitespace a statement's line starts with; its comments stay with it inside the <c>try</c>.</summary>
    private static SyntaxTriviaList Indentation(StatementSyntax statement)
    {
        var leading = statement.GetLeadingTrivia();
        return leading.Count > 0 && leading[leading.Count - 1].IsKind(SyntaxKind.WhitespaceTrivia)
            ? SyntaxFactory.TriviaList(leading[leading.Count - 1])
            : SyntaxFactory.TriviaList();
    }

    private static IInvocationOperation? FindCall(IOperation use) => use.GetConsumer() switch
    {
        IInvocationOperation call when call.Instance?.WalkDownConversions() == use => call,
        IArgumentOperation { Parent: IInvocationOperation call } => call,
        _ => null,
    };

    /// <summary>The acquisition's timeout argument, if any (<c>WaitOne(100)</c>, <c>Monitor.TryEnter(gate, 100)</c>).</summary>
    private static ArgumentListSyntax TimeoutArguments(InvocationExpressionSyntax call)
    {
        var arguments = call.ArgumentList.Arguments;
        var isMonitorCall = call.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Enter" or "TryEnter" };
        var timeout = isMonitorCall ? arguments.Skip(1) : arguments;
        return SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(timeout.Select(argument => argument.WithNameColon(null))));
    }

    private static InvocationExpressionSyntax Invoke(ExpressionSyntax gate, string method, ArgumentListSyntax arguments) =>
        SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, gate, SyntaxFactory.IdentifierName(method)),
            arguments);

    /// <summary>
    /// For an acquisition statement, the block and the range (first statement after it, the release statement) when a
    /// later statement of the same block releases the same lock and is not already the whole finally.
    /// </summary>
    private (BlockSyntax Block, int First, int Last)? FindReleaseToWrap(InvocationExpressionSyntax acquisition)
    {
        if (acquisition.Parent is not ExpressionStatementSyntax { Parent: BlockSyntax block } statement)
        {
            return null;
        }

        var start = block.Statements.IndexOf(statement);
        for (var index = start + 1; index < block.Statements.Count; index++)
        {
            var candidate = block.Statements[index];
            foreach (var (call, _, isAcquisition) in _calls)
            {
                if (!candidate.Span.Contains(call.Span))
                {
                    continue;
                }

                var isReleaseStatement = !isAcquisition && call.Parent == candidate;
                return isReleaseStatement && index > start + 1 ? (block, start + 1, index) : null;
            }
        }

        return null;
    }

    private static bool IsInAsyncFunction(SyntaxNode node) => node.EnclosingFunction() switch
    {
        AnonymousFunctionExpressionSyntax function => function.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword),
        LocalFunctionStatementSyntax function => function.Modifiers.Any(SyntaxKind.AsyncKeyword),
        MethodDeclarationSyntax method => method.Modifiers.Any(SyntaxKind.AsyncKeyword),
        _ => false,
    };
}
