using Engram.Analyzers.Extensions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Engram.Analyzers.CodeFixes.Extensions;

internal static class IOperationExtensions
{
    /// <summary>True when this value is disposed right here: the receiver of <c>Dispose()</c> or a <c>using</c> resource.</summary>
    public static bool IsDisposedHere(this IOperation value) => value.GetConsumer() switch
    {
        IInvocationOperation { TargetMethod: { Name: nameof(System.IDisposable.Dispose), Parameters.Length: 0 } } call => call.Instance?.WalkDownConversions() == value,
        IUsingOperation or IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Parent: IVariableDeclarationOperation { Parent: IVariableDeclarationGroupOperation { Parent: IUsingDeclarationOperation } } } } => true,
        _ => false,
    };
}
