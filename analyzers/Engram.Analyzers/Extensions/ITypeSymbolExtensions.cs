using Microsoft.CodeAnalysis;

namespace Engram.Analyzers.Extensions;

internal static class ITypeSymbolExtensions
{
    /// <summary>The type as diagnostic messages name it: <c>EngramDb.Database</c>, whatever the variable's nullability.</summary>
    public static string ToMessageString(this ITypeSymbol type) =>
        type.WithNullableAnnotation(NullableAnnotation.None).ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat);
}
