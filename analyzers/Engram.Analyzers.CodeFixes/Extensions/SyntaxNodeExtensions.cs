using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Engram.Analyzers.CodeFixes.Extensions;

internal static class SyntaxNodeExtensions
{
    /// <summary>
    /// The function whose code this node is part of: a lambda or anonymous method, a local function, an accessor, a
    /// member, or the compilation unit of top-level statements (one function together, though each is a member).
    /// </summary>
    public static SyntaxNode EnclosingFunction(this SyntaxNode node) =>
        node.FirstAncestorOrSelf<SyntaxNode>(n => n is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or AccessorDeclarationSyntax or (MemberDeclarationSyntax and not GlobalStatementSyntax))
        ?? node.SyntaxTree.GetRoot();
}
