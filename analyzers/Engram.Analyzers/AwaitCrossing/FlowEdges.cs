using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis.FlowAnalysis;

namespace Engram.Analyzers.AwaitCrossing;

/// <summary>An edge of the control-flow graph a dataflow follows.</summary>
internal readonly struct FlowEdge
{
    public FlowEdge(int target, bool isExceptional, ControlFlowConditionKind takenWhen = ControlFlowConditionKind.None)
    {
        Target = target;
        IsExceptional = isExceptional;
        TakenWhen = takenWhen;
    }

    /// <summary>Ordinal of the block the edge leads to.</summary>
    public int Target { get; }

    /// <summary>
    /// True when an exception takes the edge: it carries every state the source block passes through, not only the
    /// state at its end.
    /// </summary>
    public bool IsExceptional { get; }

    /// <summary>
    /// For the first edge of a conditional block's branch, the value of the block's branch value that takes it
    /// (<see cref="ControlFlowConditionKind.WhenTrue"/> or <see cref="ControlFlowConditionKind.WhenFalse"/>);
    /// <see cref="ControlFlowConditionKind.None"/> for every other edge.
    /// </summary>
    public ControlFlowConditionKind TakenWhen { get; }
}

/// <summary>
/// The successors of each block of a <see cref="ControlFlowGraph"/>, including the flow the graph leaves implicit:
/// a branch leaving through finally regions runs each of them in turn and then reaches its destination, and an
/// exception may leave any block of a protected region for the region's catch, filter or finally handlers.
/// </summary>
internal static class FlowEdges
{
    [MethodImpl(HotPath.Optimized)]
    public static List<FlowEdge>[] Build(ControlFlowGraph graph)
    {
        var blocks = graph.Blocks;
        var successors = new List<FlowEdge>[blocks.Length];
        for (var ordinal = 0; ordinal < blocks.Length; ordinal++)
        {
            successors[ordinal] = new List<FlowEdge>();
        }

        var finallyExits = new Dictionary<ControlFlowRegion, List<int>>();
        foreach (var block in blocks)
        {
            var conditionalWhen = block.ConditionKind;
            var fallThroughWhen = conditionalWhen switch
            {
                ControlFlowConditionKind.WhenTrue => ControlFlowConditionKind.WhenFalse,
                ControlFlowConditionKind.WhenFalse => ControlFlowConditionKind.WhenTrue,
                _ => ControlFlowConditionKind.None,
            };
            AddBranch(graph, block, block.FallThroughSuccessor, fallThroughWhen, successors, finallyExits);
            AddBranch(graph, block, block.ConditionalSuccessor, conditionalWhen, successors, finallyExits);
        }

        AddHandlerEdges(graph.Root, successors);
        return successors;
    }

    [MethodImpl(HotPath.Optimized)]
    private static void AddBranch(
        ControlFlowGraph graph,
        BasicBlock source,
        ControlFlowBranch? branch,
        ControlFlowConditionKind takenWhen,
        List<FlowEdge>[] successors,
        Dictionary<ControlFlowRegion, List<int>> finallyExits)
    {
        if (branch is null)
        {
            return;
        }

        IReadOnlyList<int> from = new[] { source.Ordinal };
        foreach (var finallyRegion in branch.FinallyRegions)
        {
            foreach (var ordinal in from)
            {
                successors[ordinal].Add(new FlowEdge(finallyRegion.FirstBlockOrdinal, isExceptional: false, FirstHop(ordinal)));
            }

            if (!finallyExits.TryGetValue(finallyRegion, out var exits))
            {
                exits = FindFinallyExits(graph, finallyRegion);
                finallyExits.Add(finallyRegion, exits);
            }

            from = exits;
        }

        if (branch.Destination is { } destination)
        {
            foreach (var ordinal in from)
            {
                successors[ordinal].Add(new FlowEdge(destination.Ordinal, isExceptional: false, FirstHop(ordinal)));
            }
        }

        // Only the edge leaving the branching block itself knows the branch value; a finally's exits carry every branch.
        ControlFlowConditionKind FirstHop(int ordinal) => ordinal == source.Ordinal ? takenWhen : ControlFlowConditionKind.None;
    }

    /// <summary>The blocks that end the finally region itself (not a handler nested in it).</summary>
    [MethodImpl(HotPath.Optimized)]
    private static List<int> FindFinallyExits(ControlFlowGraph graph, ControlFlowRegion finallyRegion)
    {
        var exits = new List<int>();
        for (var ordinal = finallyRegion.FirstBlockOrdinal; ordinal <= finallyRegion.LastBlockOrdinal; ordinal++)
        {
            var block = graph.Blocks[ordinal];
            if (block.FallThroughSuccessor?.Semantics == ControlFlowBranchSemantics.StructuredExceptionHandling
                && InnermostNonLocalRegion(block.EnclosingRegion) == finallyRegion)
            {
                exits.Add(ordinal);
            }
        }

        return exits;
    }

    private static ControlFlowRegion InnermostNonLocalRegion(ControlFlowRegion region)
    {
        while (region.Kind == ControlFlowRegionKind.LocalLifetime && region.EnclosingRegion is { } enclosing)
        {
            region = enclosing;
        }

        return region;
    }

    [MethodImpl(HotPath.Optimized)]
    private static void AddHandlerEdges(ControlFlowRegion root, List<FlowEdge>[] successors)
    {
        var pending = new Stack<ControlFlowRegion>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var region = pending.Pop();
            if (region.Kind is ControlFlowRegionKind.TryAndCatch or ControlFlowRegionKind.TryAndFinally)
            {
                var protectedRegion = region.NestedRegions[0];
                for (var index = 1; index < region.NestedRegions.Length; index++)
                {
                    var handler = region.NestedRegions[index];
                    var entry = handler.Kind == ControlFlowRegionKind.FilterAndHandler ? handler.NestedRegions[0] : handler;
                    for (var ordinal = protectedRegion.FirstBlockOrdinal; ordinal <= protectedRegion.LastBlockOrdinal; ordinal++)
                    {
                        successors[ordinal].Add(new FlowEdge(entry.FirstBlockOrdinal, isExceptional: true));
                    }
                }
            }

            foreach (var nested in region.NestedRegions)
            {
                pending.Push(nested);
            }
        }
    }
}
