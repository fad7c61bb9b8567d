using System.Threading;
using Engram.Analyzers.Extensions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Engram.Analyzers.CodeFixes.Rewriting;

/// <summary>
/// The use of a <c>Database</c> variable that a diagnostic points at, when a fix may give that use the current
/// thread's own handle instead: the variable is read there (not assigned, not disposed, not the receiver of a
/// method group, which is evaluated elsewhere) and is a local, field or property, whose creation may be in sight.
/// </summary>
internal readonly struct HandleReference
{
    private HandleReference(IOperation reference, ISymbol handle)
    {
        Reference = reference;
        Handle = handle;
    }

    /// <summary>The reference to the variable, where the diagnostic is.</summary>
    public IOperation Reference { get; }

    /// <summary>The local, field or property read.</summary>
    public ISymbol Handle { get; }

    public static HandleReference? Find(SyntaxNode root, SemanticModel model, EngramRuntimeSymbols runtime, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        if (model.GetOperation(node, cancellationToken) is not { } reference
            || !runtime.IsDatabase(reference.Type)
            || reference.IsWrittenTo()
            || reference.IsDisposedHere()
            || reference.GetConsumer() is IMethodReferenceOperation)
        {
            return null;
        }

        ISymbol? handle = reference switch
        {
            ILocalReferenceOperation local => local.Local,
            IFieldReferenceOperation field => field.Field,
            IPropertyReferenceOperation property => property.Property,
            _ => null,
        };
        return handle is null ? null : new HandleReference(reference, handle);
    }
}
