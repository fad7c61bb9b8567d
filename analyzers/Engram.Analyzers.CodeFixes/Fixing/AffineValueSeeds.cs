using Engram.Analyzers.CodeFixes.Conversion;
using Engram.Analyzers.Extensions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Engram.Analyzers.CodeFixes.Fixing;

/// <summary>Where the conversion of a thread-affine value that a diagnostic points at starts.</summary>
internal static class AffineValueSeeds
{
    /// <summary>The operation a diagnostic location names (the innermost node at its span).</summary>
    public static IOperation? OperationAt(DocumentContext document, Location location) =>
        location.IsInSource && location.SourceTree == document.Root.SyntaxTree
            ? document.Model.GetOperation(document.Root.FindNode(location.SourceSpan, getInnermostNodeForTie: true), default)
            : null;

    /// <summary>
    /// For a read of a <c>Database</c> local, parameter, instance field or auto-property: that holder. For a value of a
    /// type inferred thread-affine (a repository holding a handle, <c>this</c> of one): the type, whose holders all
    /// convert. <see langword="null"/> for a static (ENG003's fix keeps one per thread), a container of handles, a
    /// type marked or configured thread-affine, or any other expression: no context can stand in for those.
    /// </summary>
    public static ConversionSeed? For(IOperation? value, DocumentContext document)
    {
        if (value is null)
        {
            return null;
        }

        value = value.WalkDownConversions();
        var project = document.Project;
        if (value is IInstanceReferenceOperation { Type: INamedTypeSymbol self })
        {
            return InferredType(self, project);
        }

        ISymbol? variable = value switch
        {
            ILocalReferenceOperation local => local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            IFieldReferenceOperation { Field.IsStatic: false } field => field.Field,
            IPropertyReferenceOperation { Property: { IsStatic: false, Parameters.Length: 0 } } property => property.Property,
            _ => null,
        };
        if (variable is null || value.Type is not { } type)
        {
            return null;
        }

        return project.Runtime.IsDatabase(type) ? ConversionSeed.Holder(variable, project.Project) : InferredType(type, project);
    }

    /// <summary>The type itself when its affinity is inferred from its instance state.</summary>
    public static ConversionSeed? InferredType(ITypeSymbol type, ProjectContext project) =>
        type is INamedTypeSymbol named && project.Affinity?.GetAffinity(named) is { IsInferred: true }
            ? ConversionSeed.AffineType(named, project.Project)
            : null;
}
