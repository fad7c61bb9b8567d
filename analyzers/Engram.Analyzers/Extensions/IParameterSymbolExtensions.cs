using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Engram.Analyzers.Extensions;

internal static class IParameterSymbolExtensions
{
    /// <summary>
    /// The type declaration when this is a parameter of a primary constructor (<c>class Repository(Database db)</c>):
    /// members that use it read state the compiler keeps for the instance. <see langword="null"/> otherwise.
    /// </summary>
    public static TypeDeclarationSyntax? GetPrimaryConstructorDeclaration(this IParameterSymbol parameter) =>
        parameter.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.Constructor }
        && parameter.DeclaringSyntaxReferences is { Length: 1 } declarations
        && declarations[0].GetSyntax() is ParameterSyntax { Parent: ParameterListSyntax { Parent: TypeDeclarationSyntax declaration } }
            ? declaration
            : null;
}
