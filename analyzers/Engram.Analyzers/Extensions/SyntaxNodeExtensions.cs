using System;
using System.Buffers;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Engram.Analyzers.Extensions;

internal static class SyntaxNodeExtensions
{
    /// <summary>
    /// False when the node's source text does not contain <c>await</c>, so the code cannot await: the keyword has no
    /// other spelling (<c>await foreach</c> and <c>await using</c> included). True may still mean a comment or an
    /// identifier such as <c>awaiter</c>.
    /// </summary>
    /// <remarks>
    /// Asked of every member body that ENG002 analyzes. A vectorized search of the text is much cheaper than walking
    /// the node's tokens, which dominated the rule's time in large builds.
    /// </remarks>
    [MethodImpl(HotPath.Optimized)]
    public static bool MayContainAwait(this SyntaxNode node)
    {
        var span = node.Span;
        var buffer = ArrayPool<char>.Shared.Rent(span.Length);
        try
        {
            node.SyntaxTree.GetText().CopyTo(span.Start, buffer, 0, span.Length);
            return buffer.AsSpan(0, span.Length).IndexOf("await".AsSpan()) >= 0;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// False when the node's source text contains none of <paramref name="words"/> (ordinal), so code that must name
    /// one of them is not there; the same vectorized search of the text as <see cref="MayContainAwait"/>.
    /// </summary>
    [MethodImpl(HotPath.Optimized)]
    public static bool MayContainAny(this SyntaxNode node, string[] words)
    {
        var span = node.Span;
        var buffer = ArrayPool<char>.Shared.Rent(span.Length);
        try
        {
            node.SyntaxTree.GetText().CopyTo(span.Start, buffer, 0, span.Length);
            var text = buffer.AsSpan(0, span.Length);
            foreach (var word in words)
            {
                if (text.IndexOf(word.AsSpan(), StringComparison.Ordinal) >= 0)
                {
                    return true;
                }
            }

            return false;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The function whose code this node is part of: a lambda or anonymous method, a local function, an accessor, a
    /// member, or the compilation unit of top-level statements (one function together, though each is a member).
    /// </summary>
    public static SyntaxNode EnclosingFunction(this SyntaxNode node) =>
        node.FirstAncestorOrSelf<SyntaxNode>(n => n is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or AccessorDeclarationSyntax or (MemberDeclarationSyntax and not GlobalStatementSyntax))
        ?? node.SyntaxTree.GetRoot();
}
