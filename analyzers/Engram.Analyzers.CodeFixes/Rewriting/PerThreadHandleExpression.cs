using System.Threading;
using System.Threading.Tasks;
using Engram.Analyzers.Extensions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;

namespace Engram.Analyzers.CodeFixes.Rewriting;

/// <summary>
/// Writes the code that gives the calling thread its own handle in place of a handle created once, keeping the
/// user's path: <c>EngramThreadSafe.GetThreadSafeContext(path).Db</c> for <c>Database.FileBased(path)</c> and for
/// <c>EngramThreadSafe.GetThreadSafeContext(path, ...).Db</c>, and <c>ctx.Db</c> for a handle taken from a context.
/// </summary>
internal static class PerThreadHandleExpression
{
    /// <summary>
    /// Returns <see langword="null"/> when there is no equivalent per-thread handle: any other creation (an
    /// in-memory store would hold different data on each thread; a third-party handle has no known factory), or a
    /// path or context that cannot safely be evaluated again at <paramref name="site"/>.
    /// </summary>
    public static async Task<ExpressionSyntax?> TryCreateAsync(
        IOperation creation, EngramRuntimeSymbols runtime, ReevaluationSite site, SyntaxGenerator generator, CancellationToken cancellationToken)
    {
        switch (creation.WalkDownConversions())
        {
            case IInvocationOperation invocation when runtime.FileBased.Equals(invocation.TargetMethod, SymbolEqualityComparer.Default):
                return await FromPathAsync(invocation, runtime, site, generator, cancellationToken).ConfigureAwait(false);

            case IPropertyReferenceOperation { Instance: { } context } db when runtime.ContextDb.Equals(db.Property, SymbolEqualityComparer.Default):
                if (context.WalkDownConversions() is IInvocationOperation getContext
                    && runtime.GetThreadSafeContext.Equals(getContext.TargetMethod, SymbolEqualityComparer.Default))
                {
                    // Db depends only on the path: the chat id and embedder of that call are left out.
                    return await FromPathAsync(getContext, runtime, site, generator, cancellationToken).ConfigureAwait(false);
                }

                return await site.CanReevaluateAsync(context, cancellationToken).ConfigureAwait(false)
                    ? DbOf((ExpressionSyntax)context.Syntax.WithoutTrivia(), runtime)
                    : null;

            default:
                return null;
        }
    }

    /// <summary><c>EngramThreadSafe.GetThreadSafeContext(path).Db</c> with the path given to <paramref name="call"/>.</summary>
    private static async Task<ExpressionSyntax?> FromPathAsync(
        IInvocationOperation call, EngramRuntimeSymbols runtime, ReevaluationSite site, SyntaxGenerator generator, CancellationToken cancellationToken)
    {
        var arguments = SyntaxFactory.ArgumentList();
        foreach (var argument in call.Arguments)
        {
            if (argument.Parameter?.Ordinal != 0 || argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                continue;
            }

            if (!await site.CanReevaluateAsync(argument.Value, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            arguments = arguments.AddArguments(SyntaxFactory.Argument((ExpressionSyntax)argument.Value.Syntax.WithoutTrivia()));
        }

        var getContext = SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression,
                ((ExpressionSyntax)generator.TypeExpression(runtime.EngramThreadSafe)).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation),
                SyntaxFactory.IdentifierName(runtime.GetThreadSafeContext.Name)),
            arguments);
        return DbOf(getContext, runtime);
    }

    private static ExpressionSyntax DbOf(ExpressionSyntax context, EngramRuntimeSymbols runtime) =>
        SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, context, SyntaxFactory.IdentifierName(runtime.ContextDb.Name));
}
