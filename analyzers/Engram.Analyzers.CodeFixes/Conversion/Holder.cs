using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Engram.Analyzers.CodeFixes.Conversion;

internal enum HolderKind
{
    Local,
    Parameter,
    Field,
    Property,
}

/// <summary>How a read of a holder is rewritten once the holder keeps a context.</summary>
internal enum ReadKind
{
    /// <summary>The handle is used: it becomes the context's <c>Db</c>, read right there.</summary>
    Handle,

    /// <summary>The holder is compared with <see langword="null"/>: the context is, as the holder was.</summary>
    NullCheck,

    /// <summary><c>db?.Save(node)</c>: the context is tested and its <c>Db</c> used, <c>ctx?.Db.Save(node)</c>.</summary>
    ConditionalAccess,
}

/// <summary>One read of a holder; <see cref="Node"/> is the name as written (with its qualifier) or the conditional access.</summary>
internal sealed class HolderRead
{
    public HolderRead(DocumentContext document, SyntaxNode node, ReadKind kind)
    {
        Document = document;
        Node = node;
        Kind = kind;
    }

    public DocumentContext Document { get; }

    public SyntaxNode Node { get; }

    public ReadKind Kind { get; }
}

/// <summary>
/// A local, parameter, instance field or auto-property of type <c>Database</c> that a conversion makes hold the
/// thread-safe context instead: its declaration gets the context's type and a name saying so, each read of the
/// handle reads the context's <c>Db</c> there, on the thread that runs it, and disposing it is dropped (the context
/// owns its handles).
/// </summary>
internal sealed class Holder
{
    public Holder(ISymbol symbol, HolderKind kind, DocumentContext document, SyntaxNode declaration)
    {
        Symbol = symbol;
        Kind = kind;
        Document = document;
        Declaration = declaration;
    }

    public ISymbol Symbol { get; }

    public HolderKind Kind { get; }

    /// <summary>The document declaring the holder.</summary>
    public DocumentContext Document { get; }

    /// <summary>The declarator, parameter or property declaration.</summary>
    public SyntaxNode Declaration { get; }

    public List<HolderRead> Reads { get; } = new();

    /// <summary>Names that only change: assignment targets, named arguments, <c>nameof</c>, <c>cref</c>.</summary>
    public List<(DocumentContext Document, SyntaxNode Node)> Renames { get; } = new();

    /// <summary>Whether some of <see cref="Renames"/> is a <c>nameof</c> or <c>cref</c> rather than an assignment.</summary>
    public bool IsNamedInText { get; set; }

    /// <summary>The <c>db.Dispose();</c> statements to remove.</summary>
    public List<(DocumentContext Document, StatementSyntax Statement)> Disposals { get; } = new();

    /// <summary>The values that flow into the holder: its initializer, what is assigned to it, the arguments passed for it.</summary>
    public List<IOperation> Sources { get; } = new();

    /// <summary>How many assignments (after the declaration) the holder has.</summary>
    public int Assignments { get; set; }

    /// <summary>The name it gets, holding the context; set when the conversion is complete.</summary>
    public string NewName { get; set; } = string.Empty;

    /// <summary>
    /// For a local that only ever holds <c>ctx.Db</c> of a context that never changes (or another converted holder):
    /// that context, used in its place; the local's declaration goes.
    /// </summary>
    public ExpressionSyntax? Alias { get; set; }

    public string Name => Symbol.Name;
}
