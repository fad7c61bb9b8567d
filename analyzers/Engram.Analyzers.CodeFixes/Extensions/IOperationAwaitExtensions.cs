using Engram.Analyzers.Extensions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Operations;

namespace Engram.Analyzers.CodeFixes.Extensions;

internal static class IOperationAwaitExtensions
{
    /// <summary>
    /// True when the operation using this value awaits after reading it, as in <c>db.Save(await LoadAsync())</c>:
    /// whatever handle is written at the read is read before the await, so no rewrite of the read helps.
    /// </summary>
    public static bool IsAwaitedBetweenReadAndUse(this IOperation reference)
    {
        var user = reference.GetConsumer();
        if (user is IArgumentOperation argument)
        {
            user = argument.Parent;
        }

        if (user is null)
        {
            return false;
        }

        foreach (var token in user.Syntax.DescendantTokens())
        {
            if (token.IsKind(SyntaxKind.AwaitKeyword) && token.SpanStart >= reference.Syntax.Span.End)
            {
                return true;
            }
        }

        return false;
    }
}
