using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Engram.Analyzers.CodeFixes.Conversion;
using Engram.Analyzers.CodeFixes.Extensions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Editing;

namespace Engram.Analyzers.CodeFixes.Rewriting;

/// <summary>
/// Changes to nodes of one solution snapshot, from any number of fixes, applied together: one edit per node (the
/// first one added wins, so repeating a fix changes nothing), insertions first (they keep the node they go
/// before), then innermost nodes first, so an edit of a statement sees the edits already made inside it.
/// </summary>
internal sealed class SolutionEdits
{
    private readonly Dictionary<DocumentId, (DocumentContext Document, Dictionary<(NodeKey, bool Inserts), NodeEdit> Edits)> _byDocument = new();

    public bool IsEmpty => _byDocument.Count == 0;

    /// <summary>Replaces <paramref name="node"/> by what <paramref name="replace"/> makes of it as edited so far.</summary>
    public void Replace(DocumentContext document, SyntaxNode node, Func<SyntaxNode, SyntaxGenerator, SyntaxNode> replace) =>
        Add(new NodeEdit(document, node, replace));

    public void Remove(DocumentContext document, SyntaxNode node) => Add(new NodeEdit(document, node, replace: null));

    /// <summary>Inserts what <paramref name="create"/> makes before <paramref name="node"/>, a member or statement.</summary>
    public void InsertBefore(DocumentContext document, SyntaxNode node, Func<SyntaxGenerator, SyntaxNode> create) =>
        Add(new NodeEdit(document, node, replace: null, insert: create));

    public void AddRange(SolutionEdits other)
    {
        foreach (var (_, edits) in other._byDocument.Values)
        {
            foreach (var edit in edits.Values)
            {
                Add(edit);
            }
        }
    }

    public async Task<Solution> ApplyAsync(Solution solution, CancellationToken cancellationToken)
    {
        foreach (var (document, edits) in _byDocument.Values.OrderBy(entry => entry.Document.Document.FilePath, StringComparer.Ordinal))
        {
            var editor = new SyntaxEditor(document.Root, solution.Services);
            foreach (var edit in edits.Values.OrderBy(edit => edit.Insert is null ? 1 : 0).ThenByDescending(edit => edit.Node.Ancestors().Count()).ThenByDescending(edit => edit.Node.SpanStart))
            {
                if (edit.Insert is { } insert)
                {
                    editor.InsertBefore(edit.Node, insert(editor.Generator));
                }
                else if (edit.ReplaceWith is { } replace)
                {
                    editor.ReplaceNode(edit.Node, (current, generator) => replace(current, generator));
                }
                else
                {
                    editor.RemoveNode(edit.Node);
                }
            }

            var changed = solution.GetDocument(document.Document.Id)!;
            changed = await changed.WithRootAndImportsAsync(editor.GetChangedRoot(), cancellationToken).ConfigureAwait(false);
            solution = changed.Project.Solution;
        }

        return solution;
    }

    private void Add(NodeEdit edit)
    {
        var id = edit.Document.Document.Id;
        if (!_byDocument.TryGetValue(id, out var entry))
        {
            _byDocument.Add(id, entry = (edit.Document, new Dictionary<(NodeKey, bool Inserts), NodeEdit>()));
        }

        var key = (new NodeKey(edit.Node), edit.Insert is not null);
        if (!entry.Edits.ContainsKey(key))
        {
            entry.Edits.Add(key, edit);
        }
    }

    private sealed class NodeEdit
    {
        public NodeEdit(DocumentContext document, SyntaxNode node, Func<SyntaxNode, SyntaxGenerator, SyntaxNode>? replace, Func<SyntaxGenerator, SyntaxNode>? insert = null)
        {
            Document = document;
            Node = node;
            ReplaceWith = replace;
            Insert = insert;
        }

        public DocumentContext Document { get; }

        public SyntaxNode Node { get; }

        /// <summary><see langword="null"/> to remove the node (unless the edit inserts).</summary>
        public Func<SyntaxNode, SyntaxGenerator, SyntaxNode>? ReplaceWith { get; }

        /// <summary>What to insert before the node, which stays.</summary>
        public Func<SyntaxGenerator, SyntaxNode>? Insert { get; }
    }
}
