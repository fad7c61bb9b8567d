using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Engram.Analyzers.CodeFixes.Extensions;

internal static class CodeFixContextExtensions
{
    /// <summary>The syntax root and semantic model of the document being fixed; either is null for a document without them.</summary>
    public static async Task<(SyntaxNode? Root, SemanticModel? Model)> GetRootAndModelAsync(this CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        return (root, model);
    }
}
