using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;

namespace Engram.Analyzers.Extensions;

internal static class BasicBlockExtensions
{
    /// <summary>The block's statements followed by its branch value (a condition, or a returned value).</summary>
    public static IEnumerable<IOperation> AllOperations(this BasicBlock block)
    {
        foreach (var operation in block.Operations)
        {
            yield return operation;
        }

        if (block.BranchValue is { } branchValue)
        {
            yield return branchValue;
        }
    }
}
