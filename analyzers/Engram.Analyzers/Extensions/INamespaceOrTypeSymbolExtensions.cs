using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;

namespace Engram.Analyzers.Extensions;

internal static class INamespaceOrTypeSymbolExtensions
{
    /// <summary>The member types named by one segment of a metadata name: <c>Task</c>, or <c>Task`1</c> for one type parameter.</summary>
    public static ImmutableArray<INamedTypeSymbol> GetTypeMembersByMetadataName(this INamespaceOrTypeSymbol container, string metadataName)
    {
        var backtick = metadataName.LastIndexOf('`');
        if (backtick > 0
            && int.TryParse(metadataName.Substring(backtick + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var arity))
        {
            return container.GetTypeMembers(metadataName.Substring(0, backtick), arity);
        }

        return container.GetTypeMembers(metadataName, 0);
    }
}
