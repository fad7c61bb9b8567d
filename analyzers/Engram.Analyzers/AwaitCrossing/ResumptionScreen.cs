using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Engram.Analyzers.Extensions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace Engram.Analyzers.AwaitCrossing;

/// <summary>
/// A conservative test, on the operation tree, of whether an affine value a member touches can exist before a
/// resumption point (an await, <c>await foreach</c>, <c>await using</c>, or a <c>yield return</c> of an async
/// iterator) and be used after one. Asked before the member's control-flow graph is built, so that the common safe
/// shape (<c>await ...; var db = ctx.Db; db.Save(...)</c>) costs no graph.
/// </summary>
/// <remarks>
/// It answers false when no operation holds an affine value, or when every one starts after the last resumption
/// point, is in no loop that resumes and in no nested function, and none is a value the member has from its start (a
/// parameter, <c>this</c> or its state); with an affine value, a <c>goto</c> anywhere makes the order unknown, and the
/// answer true.
/// </remarks>
internal static class ResumptionScreen
{
    [MethodImpl(HotPath.Optimized)]
    public static bool MayCrossResumption(IOperation root, bool isAsyncIterator, Func<ITypeSymbol, bool> holdsAffineValue)
    {
        // Most members touch no affine value at all: they are answered by one pass that asks only the types.
        List<IOperation>? affineValues = null;
        foreach (var operation in root.DescendantsAndSelf())
        {
            if (operation.Type is { } type && holdsAffineValue(type))
            {
                if (ExistsFromTheStart(operation) || IsInNestedFunction(operation, root))
                {
                    return true;
                }

                (affineValues ??= new List<IOperation>()).Add(operation);
            }
        }

        if (affineValues is null)
        {
            return false;
        }

        List<TextSpan>? resumptions = null;
        foreach (var operation in root.DescendantsAndSelf())
        {
            if (ResumptionSpan(operation, isAsyncIterator) is { } span)
            {
                (resumptions ??= new List<TextSpan>()).Add(span);
            }
            else if (operation is IBranchOperation { BranchKind: BranchKind.GoTo })
            {
                return true;
            }
        }

        if (resumptions is null)
        {
            return false;
        }

        var lastResumptionEnd = 0;
        foreach (var resumption in resumptions)
        {
            lastResumptionEnd = Math.Max(lastResumptionEnd, resumption.End);
        }

        foreach (var value in affineValues)
        {
            if (value.Syntax.SpanStart < lastResumptionEnd || IsInLoopThatResumes(value, resumptions))
            {
                return true;
            }
        }

        return false;
    }

    // Where the code may resume on another thread: an await is its own span; an awaited foreach resumes anywhere in
    // the loop, an awaited using at its end (for a using declaration, the end of the enclosing block).
    private static TextSpan? ResumptionSpan(IOperation operation, bool isAsyncIterator) => operation switch
    {
        IAwaitOperation or IForEachLoopOperation { IsAsynchronous: true } or IUsingOperation { IsAsynchronous: true } => operation.Syntax.Span,
        IUsingDeclarationOperation { IsAsynchronous: true } => TextSpan.FromBounds(operation.Syntax.SpanStart, (operation.Syntax.Parent ?? operation.Syntax).Span.End),
        IReturnOperation { Kind: OperationKind.YieldReturn } when isAsyncIterator => operation.Syntax.Span,
        _ => null,
    };

    private static bool ExistsFromTheStart(IOperation operation) => operation switch
    {
        IParameterReferenceOperation or IInstanceReferenceOperation => true,
        IMemberReferenceOperation member => member.HasThisReceiver(),
        _ => false,
    };

    private static bool IsInNestedFunction(IOperation operation, IOperation root)
    {
        for (var current = operation.Parent; current is not null && current != root; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsInLoopThatResumes(IOperation operation, List<TextSpan> resumptions)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is ILoopOperation loop)
            {
                foreach (var resumption in resumptions)
                {
                    if (loop.Syntax.Span.Contains(resumption))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }
}
