using System.Collections.Generic;
using System.Threading;
using Engram.Analyzers.Extensions;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.FlowAnalysis;

namespace Engram.Analyzers.AwaitCrossing;

/// <summary>
/// The control-flow graphs an await-crossing rule analyzes for one member: the member's own graph, then the graphs of
/// the lambdas, anonymous methods and local functions declared in it (at any depth) whose text may await. Each
/// function's awaits belong to its own graph: an await in a lambda never suspends the code that created it.
/// </summary>
internal static class AwaitingFunctionGraphs
{
    public static IEnumerable<ControlFlowGraph> Of(ControlFlowGraph root, CancellationToken cancellationToken)
    {
        var pending = new Stack<ControlFlowGraph>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var graph = pending.Pop();
            yield return graph;

            foreach (var localFunction in graph.LocalFunctions)
            {
                var declarations = localFunction.DeclaringSyntaxReferences;
                if (declarations.Length == 1 && declarations[0].GetSyntax(cancellationToken).MayContainAwait())
                {
                    pending.Push(graph.GetLocalFunctionControlFlowGraph(localFunction, cancellationToken));
                }
            }

            foreach (var block in graph.Blocks)
            {
                foreach (var operation in block.AllOperations())
                {
                    foreach (var descendant in operation.DescendantsAndSelf())
                    {
                        if (descendant is IFlowAnonymousFunctionOperation function && function.Syntax.MayContainAwait())
                        {
                            pending.Push(graph.GetAnonymousFunctionControlFlowGraph(function, cancellationToken));
                        }
                    }
                }
            }
        }
    }
}
