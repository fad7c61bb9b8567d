using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Engram.Analyzers.CodeFixes.Extensions;
using Engram.Analyzers.Extensions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Engram.Analyzers.CodeFixes.Conversion;

/// <summary>
/// Names the converted holders: <c>db</c> becomes <c>ctx</c> (<c>_db</c> <c>_ctx</c>, <c>Db</c> <c>Context</c>), any
/// other name gets <c>Context</c> appended (<c>notes</c> <c>notesContext</c>). The mapping is one-to-one, so holders
/// that are converted by different fixes, in any order, never compete for a name; a number is added only when the
/// user's code already has the name. A local that merely copies a context's <c>Db</c> gets no name: it is
/// replaced by that context.
/// </summary>
internal static class HolderNames
{
    public static async Task AssignAsync(ConversionComponent component, FixSession session)
    {
        var chosen = new List<(SyntaxNode Scope, string Name)>();
        var ordered = component.Holders.Values
            .OrderBy(holder => holder.Kind == HolderKind.Local ? 1 : 0)
            .ThenBy(holder => holder.Document.Document.FilePath, StringComparer.Ordinal)
            .ThenBy(holder => holder.Declaration.SpanStart)
            .ToList();
        foreach (var holder in ordered)
        {
            holder.Alias = await FindAliasAsync(holder, component, session).ConfigureAwait(false);
            if (holder.Alias is null)
            {
                holder.NewName = Choose(holder, chosen);
            }
        }
    }

    /// <summary>The name <paramref name="name"/> gets once it holds a context, before any clash is resolved.</summary>
    public static string Derive(string name)
    {
        var prefixLength = name.StartsWith("s_", StringComparison.Ordinal) || name.StartsWith("m_", StringComparison.Ordinal) || name.StartsWith("t_", StringComparison.Ordinal) ? 2
            : name.Length - name.TrimStart('_').Length;
        var prefix = name.Substring(0, prefixLength);
        var core = name.Substring(prefixLength);
        if (string.Equals(core, "db", StringComparison.OrdinalIgnoreCase))
        {
            return prefix + (char.IsUpper(core[0]) ? "Context" : "ctx");
        }

        return name + "Context";
    }

    private static string Choose(Holder holder, List<(SyntaxNode Scope, string Name)> chosen)
    {
        var scope = Scope(holder);
        var derived = Derive(holder.Name);
        foreach (var candidate in Candidates(holder.Name, derived))
        {
            // Names given to other holders of the conversion count where the two are visible together.
            var takenByOther = chosen.Any(other => other.Name == candidate
                && other.Scope.SyntaxTree == scope.SyntaxTree
                && (other.Scope.Span.Contains(scope.Span) || scope.Span.Contains(other.Scope.Span)));
            if (!takenByOther && !IsUsed(holder, scope, candidate))
            {
                chosen.Add((scope, candidate));
                return candidate;
            }
        }

        throw new InvalidOperationException($"No free name for '{holder.Name}'.");
    }

    private static IEnumerable<string> Candidates(string name, string derived)
    {
        yield return derived;
        if (derived != name + "Context")
        {
            yield return name + "Context";
        }

        for (var number = 2; number < 1000; number++)
        {
            yield return derived + number;
        }
    }

    /// <summary>
    /// Where the holder is visible, so where a clash matters: the block declaring a local (the file, for top-level
    /// statements), the function declaring a parameter, the type declaring a field or property.
    /// </summary>
    private static SyntaxNode Scope(Holder holder) => holder.Kind switch
    {
        HolderKind.Field or HolderKind.Property => holder.Declaration.FirstAncestorOrSelf<TypeDeclarationSyntax>() ?? holder.Document.Root,
        HolderKind.Local => holder.Declaration.FirstAncestorOrSelf<StatementSyntax>()?.Parent is { } parent
            ? parent is GlobalStatementSyntax ? holder.Document.Root : parent
            : holder.Document.Root,
        _ => holder.Declaration.FirstAncestorOrSelf<SyntaxNode>(node => node is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or BaseMethodDeclarationSyntax or TypeDeclarationSyntax)
            ?? holder.Document.Root,
    };

    private static bool IsUsed(Holder holder, SyntaxNode scope, string candidate)
    {
        if (holder.Kind is HolderKind.Field or HolderKind.Property)
        {
            for (var type = holder.Symbol.ContainingType; type is not null; type = type.BaseType)
            {
                if (!type.GetMembers(candidate).IsEmpty)
                {
                    return true;
                }
            }

            // A local or parameter of that name where the member is read unqualified would take its place.
            return holder.Reads.Select(read => (read.Document, read.Node)).Concat(holder.Renames)
                .Any(site => site.Node is IdentifierNameSyntax
                    && site.Document.Model.LookupSymbols(site.Node.SpanStart, name: candidate).Any(symbol => symbol is ILocalSymbol or IParameterSymbol or IRangeVariableSymbol));
        }

        return scope.DescendantTokens().Any(token => token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText == candidate)
            || holder.Document.Model.LookupSymbols(holder.Declaration.SpanStart, name: candidate).Any(symbol => symbol is ILocalSymbol or IParameterSymbol or IRangeVariableSymbol);
    }

    /// <summary>
    /// For a local whose one value is <c>X.Db</c> of a context <c>X</c> that never changes, or another converted
    /// holder that never changes: that context, which every use of the local can read instead.
    /// </summary>
    private static async Task<ExpressionSyntax?> FindAliasAsync(Holder holder, ConversionComponent component, FixSession session)
    {
        if (holder is not { Kind: HolderKind.Local, Assignments: 0, IsNamedInText: false, Sources.Count: 1 }
            || holder.Declaration.Parent?.Parent is not LocalDeclarationStatementSyntax)
        {
            return null;
        }

        var source = holder.Sources[0].WalkDownConversions();
        var runtime = holder.Document.Project.Runtime;
        ExpressionSyntax? alias = null;
        ISymbol? aliased = null;
        if (runtime.IsContextDb(source) && source is IPropertyReferenceOperation { Instance: { } context }
            && await IsUnchangingAsync(context.WalkDownConversions(), session).ConfigureAwait(false) is { } contextSymbol)
        {
            alias = (ExpressionSyntax)context.Syntax.WithoutTrivia();
            aliased = contextSymbol;
        }
        else if (source.Syntax is IdentifierNameSyntax name
            && component.Holders.Values.FirstOrDefault(other => other != holder && other.Alias is null && other.NewName.Length > 0
                && SymbolEqualityComparer.Default.Equals(other.Symbol, holder.Document.Model.GetSymbolInfo(name, session.CancellationToken).Symbol)) is { } other
            && other is { Kind: HolderKind.Local or HolderKind.Parameter, Assignments: 0 })
        {
            alias = SyntaxFactory.IdentifierName(other.NewName);
            aliased = other.Symbol;
            if (!ReachesSameSymbol(holder, SyntaxFactory.IdentifierName(other.Name), aliased))
            {
                return null;
            }

            return alias;
        }

        return alias is not null && ReachesSameSymbol(holder, alias, aliased!) ? alias : null;
    }

    // Every use of the local must see the aliased context under the same name (no nearer declaration hides it).
    private static bool ReachesSameSymbol(Holder holder, ExpressionSyntax alias, ISymbol aliased) =>
        holder.Reads.All(read => SymbolEqualityComparer.Default.Equals(
            aliased,
            read.Document.Model.GetSpeculativeSymbolInfo(read.Node.SpanStart, alias, SpeculativeBindingOption.BindAsExpression).Symbol));

    /// <summary>The context variable when it never changes after it is first given a value: a parameter or local never assigned, a readonly field, a get-only auto-property.</summary>
    private static async Task<ISymbol?> IsUnchangingAsync(IOperation context, FixSession session)
    {
        switch (context)
        {
            case IParameterReferenceOperation { Parameter: { RefKind: RefKind.None } parameter }:
                return await parameter.IsWrittenAnywhereAsync(session.Solution, session.CancellationToken).ConfigureAwait(false) ? null : parameter;
            case ILocalReferenceOperation { Local: { IsRef: false } local }:
                return await local.IsWrittenAnywhereAsync(session.Solution, session.CancellationToken).ConfigureAwait(false) ? null : local;
            case IFieldReferenceOperation { Field: { IsReadOnly: true } field, Instance: null or IInstanceReferenceOperation }:
                return field;
            case IPropertyReferenceOperation { Property: { SetMethod: null } property, Instance: null or IInstanceReferenceOperation }
                when property.DeclaringSyntaxReferences.Length == 1
                    && await property.DeclaringSyntaxReferences[0].GetSyntaxAsync(session.CancellationToken).ConfigureAwait(false) is PropertyDeclarationSyntax declaration
                    && Rewriting.HandleInitializer.IsGetOnlyAutoProperty(declaration):
                return property;
            default:
                return null;
        }
    }
}
