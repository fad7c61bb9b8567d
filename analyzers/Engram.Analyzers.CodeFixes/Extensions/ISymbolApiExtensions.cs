using Microsoft.CodeAnalysis;

namespace Engram.Analyzers.CodeFixes.Extensions;

internal static class ISymbolApiExtensions
{
    /// <summary>
    /// True for a member that other assemblies compile against: a public or protected member of public types, in a
    /// library. Changing its kind or type (a field becoming a property, a parameter's type) breaks them; in an
    /// application it breaks nothing.
    /// </summary>
    public static bool IsPublicApiOf(this ISymbol member, Compilation compilation)
    {
        if (compilation.Options.OutputKind is not (OutputKind.DynamicallyLinkedLibrary or OutputKind.NetModule)
            || member is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction })
        {
            return false;
        }

        for (var current = member; current is not null and not INamespaceSymbol; current = current.ContainingSymbol)
        {
            if (current.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal))
            {
                return false;
            }
        }

        return true;
    }
}
