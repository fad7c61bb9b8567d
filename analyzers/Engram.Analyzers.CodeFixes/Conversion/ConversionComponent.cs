using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Engram.Analyzers.CodeFixes.Conversion;

/// <summary>What a value flowing into a holder becomes.</summary>
internal enum SourceKind
{
    /// <summary><c>Database.FileBased(path)</c> becomes <c>EngramThreadSafe.GetThreadSafeContext(path)</c>.</summary>
    OpenedStore,

    /// <summary><c>ctx.Db</c> becomes <c>ctx</c>.</summary>
    ContextHandle,

    /// <summary><c>sp.GetRequiredService&lt;Database&gt;()</c> asks for the context instead.</summary>
    ServiceRequest,

    /// <summary>Another holder of the conversion, read as the context it now holds.</summary>
    Holder,
}

/// <summary>A value that flows into a holder, to rewrite as a context.</summary>
internal sealed class SourceConversion
{
    public SourceConversion(DocumentContext document, SyntaxNode node, SourceKind kind)
    {
        Document = document;
        Node = node;
        Kind = kind;
    }

    public DocumentContext Document { get; }

    public SyntaxNode Node { get; }

    public SourceKind Kind { get; }
}

/// <summary>A syntax node identified by its tree and span, stable across the models of one solution snapshot.</summary>
internal readonly struct NodeKey : System.IEquatable<NodeKey>
{
    public NodeKey(SyntaxNode node)
    {
        Tree = node.SyntaxTree;
        Span = node.Span;
        Kind = node.RawKind;
    }

    public SyntaxTree Tree { get; }

    public TextSpan Span { get; }

    public int Kind { get; }

    public bool Equals(NodeKey other) => Tree == other.Tree && Span == other.Span && Kind == other.Kind;

    public override bool Equals(object? obj) => obj is NodeKey other && Equals(other);

    public override int GetHashCode() => (Tree.GetHashCode() * 397) ^ (Span.GetHashCode() * 31) ^ Kind;
}

/// <summary>
/// A closed set of changes that moves handles to the thread-safe context: the holders, everything flowing into
/// them (their creations, the arguments passed for them, the container's registrations when the container fills
/// them), and every place that reads them. It is closed: whichever of its holders a fix starts from, the same
/// component results, so the fixes of all rules agree on one rewrite.
/// </summary>
internal sealed class ConversionComponent
{
    public Dictionary<NodeKey, Holder> Holders { get; } = new();

    public Dictionary<NodeKey, SourceConversion> Sources { get; } = new();

    public List<DatabaseRegistration> Registrations { get; } = new();

    public List<ServiceRequest> Requests { get; } = new();

    /// <summary>The projects whose <c>Database</c> service moves to the context.</summary>
    public HashSet<ProjectId> Services { get; } = new();

    /// <summary>The types made to hold contexts instead of handles.</summary>
    public HashSet<INamedTypeSymbol> Types { get; } = new(SymbolEqualityComparer.Default);

    /// <summary>Why the conversion cannot be done, or <see langword="null"/> when it can.</summary>
    public string? Failure { get; set; }

    public bool Succeeded => Failure is null;

    /// <summary>
    /// A member of the public API whose type the rewrite changes (a library's public field, property or parameter),
    /// or <see langword="null"/>: such a rewrite is offered only as an action of its own, never by bulk fixing.
    /// </summary>
    public ISymbol? PublicMember { get; set; }
}
