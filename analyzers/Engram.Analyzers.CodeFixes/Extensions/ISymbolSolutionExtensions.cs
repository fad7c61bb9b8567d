using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Engram.Analyzers.Extensions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FindSymbols;

namespace Engram.Analyzers.CodeFixes.Extensions;

internal static class ISymbolSolutionExtensions
{
    /// <summary>
    /// Every place in <paramref name="solution"/> that names this symbol, with what it does there. Locals and
    /// parameters are looked up in their own document only.
    /// </summary>
    public static async Task<ImmutableArray<SymbolReferenceSite>> FindReferenceSitesAsync(
        this ISymbol symbol, Solution solution, CancellationToken cancellationToken)
    {
        var documents = symbol is ILocalSymbol or IParameterSymbol
            ? DeclaringDocuments(symbol, solution)
            : null;
        var referencedSymbols = await SymbolFinder.FindReferencesAsync(symbol, solution, documents, cancellationToken).ConfigureAwait(false);

        var sites = ImmutableArray.CreateBuilder<SymbolReferenceSite>();
        var models = new Dictionary<DocumentId, SemanticModel>();
        foreach (var referenced in referencedSymbols)
        {
            foreach (var location in referenced.Locations)
            {
                if (location.IsImplicit || location.IsCandidateLocation)
                {
                    continue;
                }

                if (!models.TryGetValue(location.Document.Id, out var model))
                {
                    model = (await location.Document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false))!;
                    models.Add(location.Document.Id, model);
                }

                var root = await location.Document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                var node = IncludingQualifier(root!.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true));
                sites.Add(new SymbolReferenceSite(node, model.GetOperation(node, cancellationToken)));
            }
        }

        return sites.ToImmutable();
    }

    /// <summary>True when anything in <paramref name="solution"/> disposes the symbol's value: calls <c>Dispose()</c> on it or makes it a <c>using</c> resource.</summary>
    public static async Task<bool> IsDisposedAnywhereAsync(this ISymbol symbol, Solution solution, CancellationToken cancellationToken)
    {
        foreach (var site in await symbol.FindReferenceSitesAsync(solution, cancellationToken).ConfigureAwait(false))
        {
            if (site.Operation?.IsDisposedHere() == true)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when anything in <paramref name="solution"/> writes the symbol outside its own declaration.</summary>
    public static async Task<bool> IsWrittenAnywhereAsync(this ISymbol symbol, Solution solution, CancellationToken cancellationToken)
    {
        foreach (var site in await symbol.FindReferenceSitesAsync(solution, cancellationToken).ConfigureAwait(false))
        {
            if (site.IsWrite)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A referenced name together with what qualifies it (<c>this.x</c>, <c>Type.x</c>, <c>?.x</c>).</summary>
    private static SyntaxNode IncludingQualifier(SyntaxNode name) => name.Parent switch
    {
        MemberAccessExpressionSyntax access when access.Name == name => access,
        MemberBindingExpressionSyntax binding => binding,
        _ => name,
    };

    private static IImmutableSet<Document> DeclaringDocuments(ISymbol symbol, Solution solution)
    {
        var documents = ImmutableHashSet.CreateBuilder<Document>();
        foreach (var reference in symbol.DeclaringSyntaxReferences)
        {
            if (solution.GetDocument(reference.SyntaxTree) is { } document)
            {
                documents.Add(document);
            }
        }

        return documents.ToImmutable();
    }
}

/// <summary>One place that names a symbol.</summary>
internal readonly struct SymbolReferenceSite
{
    public SymbolReferenceSite(SyntaxNode syntax, IOperation? operation)
    {
        Syntax = syntax;
        Operation = operation;
    }

    /// <summary>The name as written (an identifier or member access).</summary>
    public SyntaxNode Syntax { get; }

    /// <summary>The reference, or <see langword="null"/> where no operation exists (a <c>nameof</c> or <c>cref</c>, say).</summary>
    public IOperation? Operation { get; }

    /// <summary>True when this occurrence assigns or otherwise changes the symbol.</summary>
    public bool IsWrite => Operation is not null && Operation.IsWrittenTo();
}
