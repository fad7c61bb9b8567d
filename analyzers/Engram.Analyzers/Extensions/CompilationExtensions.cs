using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Engram.Analyzers.Extensions;

internal static class CompilationExtensions
{
    /// <summary>
    /// The type the compilation means by <paramref name="metadataName"/>, also when several references define it
    /// (where <c>Compilation.GetTypeByMetadataName</c> answers <see langword="null"/> and would silently switch a
    /// check off): the compilation's own definition, else the core library's, else the first one the compilation can
    /// see. <see langword="null"/> only when no visible definition exists.
    /// </summary>
    public static INamedTypeSymbol? GetBestTypeByMetadataName(this Compilation compilation, string metadataName)
    {
        var candidates = compilation.FindTypesByMetadataName(metadataName);
        if (candidates.Length == 1)
        {
            return candidates[0].IsVisibleFrom(compilation) ? candidates[0] : null;
        }

        var coreLibrary = compilation.GetSpecialType(SpecialType.System_Object).ContainingAssembly;
        INamedTypeSymbol? firstVisible = null;
        INamedTypeSymbol? fromCoreLibrary = null;
        foreach (var candidate in candidates)
        {
            if (candidate.IsDeclaredIn(compilation.Assembly))
            {
                return candidate;
            }

            if (!candidate.IsVisibleFrom(compilation))
            {
                continue;
            }

            firstVisible ??= candidate;
            if (fromCoreLibrary is null && candidate.IsDeclaredIn(coreLibrary))
            {
                fromCoreLibrary = candidate;
            }
        }

        return fromCoreLibrary ?? firstVisible;
    }

    /// <summary>
    /// Every type of the compilation and its references with this metadata name (<c>Ns.Type`1</c>, <c>Ns.Outer+Inner</c>),
    /// as <c>Compilation.GetTypesByMetadataName</c> finds them.
    /// </summary>
    /// <remarks>
    /// Looked up in the compilation's merged namespaces, which binding has already built for the namespaces code uses:
    /// the compiler's own lookup asks every referenced assembly in turn, and in profiles that was most of the time
    /// spent resolving the well-known types of each compilation. Types that only an extern alias reaches are not in
    /// the merged namespaces, so a compilation with aliased references is asked the compiler's way.
    /// </remarks>
    public static ImmutableArray<INamedTypeSymbol> FindTypesByMetadataName(this Compilation compilation, string metadataName)
    {
        if (HasAliasedReference(compilation))
        {
            return compilation.GetTypesByMetadataName(metadataName);
        }

        var nestedNames = metadataName.Split('+');
        var lastDot = nestedNames[0].LastIndexOf('.');
        var container = lastDot < 0 ? compilation.GlobalNamespace : compilation.GlobalNamespace.FindNamespace(nestedNames[0].Substring(0, lastDot).Split('.'));
        if (container is null)
        {
            return ImmutableArray<INamedTypeSymbol>.Empty;
        }

        var found = container.GetTypeMembersByMetadataName(nestedNames[0].Substring(lastDot + 1));
        for (var index = 1; index < nestedNames.Length && !found.IsEmpty; index++)
        {
            var nested = ImmutableArray.CreateBuilder<INamedTypeSymbol>();
            foreach (var outer in found)
            {
                nested.AddRange(outer.GetTypeMembersByMetadataName(nestedNames[index]));
            }

            found = nested.ToImmutable();
        }

        return found;
    }

    /// <summary>
    /// True when the compilation's source or one of its referenced assemblies declares a type with this simple name,
    /// in any namespace: the cheap test for attributes that are matched by name.
    /// </summary>
    public static bool DeclaresTypeNamed(this Compilation compilation, string typeName, CancellationToken cancellationToken)
    {
        if (compilation.ContainsSymbolsWithName(typeName, SymbolFilter.Type, cancellationToken))
        {
            return true;
        }

        foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
        {
            if (assembly.TypeNames.Contains(typeName))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasAliasedReference(Compilation compilation)
    {
        foreach (var reference in compilation.References)
        {
            if (!reference.Properties.Aliases.IsDefaultOrEmpty)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when code of <paramref name="compilation"/> may name the type: it and its containers are public, or internal to an assembly that grants access.</summary>
    private static bool IsVisibleFrom(this INamedTypeSymbol type, Compilation compilation)
    {
        if (type.IsDeclaredIn(compilation.Assembly))
        {
            return true;
        }

        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            switch (current.DeclaredAccessibility)
            {
                case Accessibility.Public:
                    continue;
                case Accessibility.Internal or Accessibility.ProtectedOrInternal:
                    if (!current.ContainingAssembly.GivesAccessTo(compilation.Assembly))
                    {
                        return false;
                    }

                    continue;
                default:
                    return false;
            }
        }

        return true;
    }
}
