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
        var candidates = compilation.GetTypesByMetadataName(metadataName);
        if (candidates.Length == 1)
        {
            return candidates[0].IsVisibleFrom(compilation) ? candidates[0] : null;
        }

        var coreLibrary = compilation.GetSpecialType(SpecialType.System_Object).ContainingAssembly;
        INamedTypeSymbol? firstVisible = null;
        INamedTypeSymbol? fromCoreLibrary = null;
        foreach (var candidate in candidates)
        {
            if (SymbolEqualityComparer.Default.Equals(candidate.ContainingAssembly, compilation.Assembly))
            {
                return candidate;
            }

            if (!candidate.IsVisibleFrom(compilation))
            {
                continue;
            }

            firstVisible ??= candidate;
            if (fromCoreLibrary is null && SymbolEqualityComparer.Default.Equals(candidate.ContainingAssembly, coreLibrary))
            {
                fromCoreLibrary = candidate;
            }
        }

        return fromCoreLibrary ?? firstVisible;
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

    /// <summary>True when code of <paramref name="compilation"/> may name the type: it and its containers are public, or internal to an assembly that grants access.</summary>
    private static bool IsVisibleFrom(this INamedTypeSymbol type, Compilation compilation)
    {
        if (SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, compilation.Assembly))
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
