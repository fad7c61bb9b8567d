using System.Threading;
using System.Threading.Tasks;
using Engram.Analyzers.CodeFixes.Extensions;
using Engram.Analyzers.Extensions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Engram.Analyzers.CodeFixes.Rewriting;

/// <summary>
/// A place where a fix writes again an expression that the user wrote elsewhere (a store path, a context). Decides
/// whether evaluating it there, and as often as the new code runs, gives the value the user meant.
/// </summary>
internal sealed class ReevaluationSite
{
    private readonly Solution _solution;
    private readonly SemanticModel _model;
    private readonly int _position;

    /// <param name="solution">Where to look for assignments.</param>
    /// <param name="model">The semantic model of the document the expression is written into.</param>
    /// <param name="position">Where in that document it is written.</param>
    public ReevaluationSite(Solution solution, SemanticModel model, int position)
    {
        _solution = solution;
        _model = model;
        _position = position;
    }

    /// <summary>
    /// True for a literal, a constant, or a local, parameter or readonly field that always holds the same value
    /// (never reassigned) and that the same name reaches from this site, and for concatenations and interpolated
    /// strings of those (<c>Path + "-audit"</c>, <c>$"{root}/notes"</c>).
    /// </summary>
    public async Task<bool> CanReevaluateAsync(IOperation value, CancellationToken cancellationToken)
    {
        value = value.WalkDownConversions();
        switch (value)
        {
            case ILiteralOperation:
            case { ConstantValue.HasValue: true }:
                return true;
            case IBinaryOperation { OperatorMethod: null } binary:
                return await CanReevaluateAsync(binary.LeftOperand, cancellationToken).ConfigureAwait(false)
                    && await CanReevaluateAsync(binary.RightOperand, cancellationToken).ConfigureAwait(false);
            case IInterpolatedStringOperation interpolated:
                foreach (var part in interpolated.Parts)
                {
                    if (part is IInterpolationOperation { Expression: var expression } && !await CanReevaluateAsync(expression, cancellationToken).ConfigureAwait(false))
                    {
                        return false;
                    }
                }

                return true;
        }

        ISymbol? symbol = value switch
        {
            ILocalReferenceOperation local => local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field => field.Field,
            _ => null,
        };

        return symbol is not null
            && value.Syntax is ExpressionSyntax syntax
            && await HoldsOneValueAsync(symbol, cancellationToken).ConfigureAwait(false)
            && symbol.Equals(_model.GetSpeculativeSymbolInfo(_position, syntax, SpeculativeBindingOption.BindAsExpression).Symbol, SymbolEqualityComparer.Default);
    }

    private async Task<bool> HoldsOneValueAsync(ISymbol symbol, CancellationToken cancellationToken)
    {
        switch (symbol)
        {
            case ILocalSymbol { IsConst: true }:
            case IFieldSymbol { IsConst: true }:
                return true;
            case ILocalSymbol { IsRef: false }:
            case IParameterSymbol { RefKind: RefKind.None or RefKind.In }:
                return !await symbol.IsWrittenAnywhereAsync(_solution, cancellationToken).ConfigureAwait(false);
            case IFieldSymbol { IsReadOnly: true } field:
                // Constructors may still assign a readonly field; everywhere else it is final. An instance field of a
                // struct would drag a copy of `this` into the delegate, which C# does not allow.
                return !IsInConstructor() && (field.IsStatic || !field.ContainingType.IsValueType);
            default:
                return false;
        }
    }

    private bool IsInConstructor()
    {
        var symbol = _model.GetEnclosingSymbol(_position);
        while (symbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction })
        {
            symbol = symbol.ContainingSymbol;
        }

        return symbol is IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor };
    }
}
