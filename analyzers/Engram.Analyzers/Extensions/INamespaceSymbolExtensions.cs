using Microsoft.CodeAnalysis;

namespace Engram.Analyzers.Extensions;

internal static class INamespaceSymbolExtensions
{
    /// <summary>Follows <paramref name="segments"/> (for example <c>["Realms", "Sync"]</c>) down from this namespace.</summary>
    public static INamespaceSymbol? FindNamespace(this INamespaceSymbol root, string[] segments)
    {
        INamespaceSymbol? current = root;
        foreach (var segment in segments)
        {
            current = current.GetChildNamespace(segment);
            if (current is null)
            {
                return null;
            }
        }

        return current;
    }

    /// <summary>
    /// True when this namespace is the one named by <paramref name="segments"/> or nested in it. Compares names
    /// segment by segment, so no namespace string is built.
    /// </summary>
    public static bool IsOrIsWithin(this INamespaceSymbol? @namespace, string[] segments)
    {
        var depth = @namespace.Depth();
        if (depth < segments.Length)
        {
            return false;
        }

        var current = @namespace;
        for (var extra = depth - segments.Length; extra > 0; extra--)
        {
            current = current!.ContainingNamespace;
        }

        for (var index = segments.Length - 1; index >= 0; index--)
        {
            if (current!.Name != segments[index])
            {
                return false;
            }

            current = current.ContainingNamespace;
        }

        return true;
    }

    private static int Depth(this INamespaceSymbol? @namespace)
    {
        var depth = 0;
        for (var current = @namespace; current is { IsGlobalNamespace: false }; current = current.ContainingNamespace)
        {
            depth++;
        }

        return depth;
    }

    private static INamespaceSymbol? GetChildNamespace(this INamespaceSymbol @namespace, string name)
    {
        foreach (var member in @namespace.GetMembers(name))
        {
            if (member is INamespaceSymbol child)
            {
                return child;
            }
        }

        return null;
    }
}
