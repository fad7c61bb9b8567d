using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;

namespace Engram.Analyzers.CodeFixes.Extensions;

internal static class DocumentExtensions
{
    /// <summary>
    /// The document with <paramref name="root"/>, plus the using directives that new code written with fully qualified
    /// names needs (<c>using EngramDb;</c>); the code action's clean-up then shortens those names.
    /// </summary>
    public static Task<Document> WithRootAndImportsAsync(this Document document, SyntaxNode root, CancellationToken cancellationToken) =>
        ImportAdder.AddImportsAsync(document.WithSyntaxRoot(root), Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken);
}
