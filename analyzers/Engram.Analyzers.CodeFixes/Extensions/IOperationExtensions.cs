using Engram.Analyzers.Extensions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Engram.Analyzers.CodeFixes.Extensions;

internal static class IOperationExtensions
{
    /// <summary>
    /// True when this reference (to a local, parameter, field or property) can change what the variable holds:
    /// an assignment target (plain, compound, <c>??=</c> or deconstruction), <c>++</c>/<c>--</c>, a <c>ref</c> or
    /// <c>out</c> argument, or the initializer of a <c>ref</c> local aliasing it.
    /// </summary>
    public static bool IsWrittenTo(this IOperation reference)
    {
        var target = reference;
        while (target.Parent is ITupleOperation tuple)
        {
            target = tuple;
        }

        switch (target.Parent)
        {
            case IAssignmentOperation assignment:
                return assignment.Target == target;
            case IIncrementOrDecrementOperation:
                return true;
            case IArgumentOperation argument:
                return argument.Parameter?.RefKind is RefKind.Ref or RefKind.Out;
            case IVariableInitializerOperation initializer:
                return initializer.Parent is IVariableDeclaratorOperation { Symbol.IsRef: true };
            default:
                return false;
        }
    }

    /// <summary>True when this value is disposed right here: the receiver of <c>Dispose()</c> or a <c>using</c> resource.</summary>
    public static bool IsDisposedHere(this IOperation value) => value.GetConsumer() switch
    {
        IInvocationOperation { TargetMethod: { Name: nameof(System.IDisposable.Dispose), Parameters.Length: 0 } } call => call.Instance?.WalkDownConversions() == value,
        IUsingOperation or IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Parent: IVariableDeclarationOperation { Parent: IVariableDeclarationGroupOperation { Parent: IUsingDeclarationOperation } } } } => true,
        _ => false,
    };
}
