using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Engram.Analyzers.Extensions;

/// <summary>Where a property's getter takes its value from, as far as its declaration shows.</summary>
internal enum PropertyValueSource
{
    /// <summary>Declared in metadata, abstract, extern or set-only: the getter cannot be seen.</summary>
    Unknown,

    /// <summary>
    /// An auto-property, a record's positional property, or a property whose accessors use the <c>field</c> keyword
    /// (C# 14): the value lives in a hidden backing field.
    /// </summary>
    BackingField,

    /// <summary>The getter only returns a field (<c>=&gt; _db</c>, <c>=&gt; _db!</c>, <c>=&gt; _db ?? throw ...</c>).</summary>
    ForwardedField,

    /// <summary>The getter computes its value, for example <c>=&gt; EngramThreadSafe.GetThreadSafeContext(path).Db</c>.</summary>
    Computed,
}

internal static class IPropertySymbolExtensions
{
    /// <summary>
    /// True when reading the property returns state stored earlier rather than a value computed at the read: an
    /// auto-property, a getter returning a field, or an instance getter out of sight (most likely state). A static
    /// getter out of sight may well compute a per-thread value, so it does not count.
    /// </summary>
    public static bool ReturnsStoredState(this IPropertySymbol property, CancellationToken cancellationToken) =>
        property.GetValueSource(cancellationToken) switch
        {
            PropertyValueSource.BackingField or PropertyValueSource.ForwardedField => true,
            PropertyValueSource.Unknown => !property.IsStatic,
            _ => false,
        };

    public static PropertyValueSource GetValueSource(this IPropertySymbol property, CancellationToken cancellationToken)
    {
        var source = property.ClassifyDeclaration(cancellationToken);

        // A getter such as get => field ??= Database.FileBased(path) looks computed but returns what the compiler's
        // backing field stores. Told by the symbol, so the check holds whichever compiler version runs the analyzer.
        return source == PropertyValueSource.Computed && property.HasCompilerBackingField() ? PropertyValueSource.BackingField : source;
    }

    private static bool HasCompilerBackingField(this IPropertySymbol property)
    {
        foreach (var member in property.ContainingType.GetMembers())
        {
            if (member is IFieldSymbol { IsImplicitlyDeclared: true } field && property.Equals(field.AssociatedSymbol, SymbolEqualityComparer.Default))
            {
                return true;
            }
        }

        return false;
    }

    private static PropertyValueSource ClassifyDeclaration(this IPropertySymbol property, CancellationToken cancellationToken)
    {
        var declarations = property.DeclaringSyntaxReferences;
        if (property.IsAbstract || property.IsExtern || declarations.Length != 1)
        {
            return PropertyValueSource.Unknown;
        }

        switch (declarations[0].GetSyntax(cancellationToken))
        {
            case ParameterSyntax:
                return PropertyValueSource.BackingField;
            case PropertyDeclarationSyntax { ExpressionBody: { } arrow }:
                return property.ClassifyReturnedExpression(arrow.Expression);
            case PropertyDeclarationSyntax { AccessorList: { } accessors }:
                foreach (var accessor in accessors.Accessors)
                {
                    if (accessor.IsKind(SyntaxKind.GetAccessorDeclaration))
                    {
                        return property.ClassifyGetter(accessor);
                    }
                }

                return PropertyValueSource.Unknown;
            default:
                return PropertyValueSource.Unknown;
        }
    }

    private static PropertyValueSource ClassifyGetter(this IPropertySymbol property, AccessorDeclarationSyntax getter) => getter switch
    {
        { ExpressionBody: { } arrow } => property.ClassifyReturnedExpression(arrow.Expression),
        { Body.Statements: { Count: 1 } statements } when statements[0] is ReturnStatementSyntax { Expression: { } returned } =>
            property.ClassifyReturnedExpression(returned),
        { Body: not null } => PropertyValueSource.Computed,
        _ => PropertyValueSource.BackingField,
    };

    private static PropertyValueSource ClassifyReturnedExpression(this IPropertySymbol property, ExpressionSyntax returned)
    {
        // (_field), _field! and _field ?? throw ... return the field all the same.
        while (true)
        {
            switch (returned)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    returned = parenthesized.Expression;
                    continue;
                case PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } suppressed:
                    returned = suppressed.Operand;
                    continue;
                case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.CoalesceExpression, Right: ThrowExpressionSyntax } orThrow:
                    returned = orThrow.Left;
                    continue;
            }

            break;
        }

        var name = returned switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: IdentifierNameSyntax member } => member.Identifier.ValueText,
            _ => null,
        };
        if (name is not null)
        {
            foreach (var member in property.ContainingType.GetMembers(name))
            {
                if (member is IFieldSymbol)
                {
                    return PropertyValueSource.ForwardedField;
                }
            }
        }

        return PropertyValueSource.Computed;
    }
}
