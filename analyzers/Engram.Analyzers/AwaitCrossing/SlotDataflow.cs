using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis.FlowAnalysis;

namespace Engram.Analyzers.AwaitCrossing;

/// <summary>What a forward dataflow keeps for one slot (a variable, a lock) at a point of the graph.</summary>
internal interface IFlowValue<TValue> : IEquatable<TValue>
    where TValue : struct, IFlowValue<TValue>
{
    /// <summary>The value where two paths meet. Must be monotone over a finite lattice so the iteration ends.</summary>
    TValue Join(TValue other);
}

/// <summary>
/// A forward "may" dataflow over the basic blocks of a control-flow graph, one value per slot, iterated to a fixed
/// point with a worklist. The await-crossing rules differ only in their slots, values and block transfer.
/// </summary>
/// <remarks>
/// Edges come from <see cref="FlowEdges"/>: a finally region runs on every branch leaving through it, and an
/// exception may leave any point of a protected region, so exceptional edges carry every state the source block
/// passed through (the transfer joins each intermediate state into its throw state).
/// </remarks>
internal static class SlotDataflow
{
    /// <summary>Runs one block: updates <c>state</c> from the block's entry state to its exit state, and joins every intermediate state into <c>throwState</c>.</summary>
    public delegate void BlockTransfer<TValue>(BasicBlock block, TValue[] state, TValue[] throwState);

    /// <summary>
    /// Narrows <c>state</c>, a copy of a conditional block's exit state, for the branch taken when its branch value
    /// is <paramref name="branchValue"/> (a lock acquired only when <c>TryEnter</c> returned true is not held on the
    /// false branch).
    /// </summary>
    public delegate void BranchRefinement<TValue>(BasicBlock source, bool branchValue, TValue[] state);

    /// <summary>The entry state of every block at the fixed point; <see langword="null"/> for blocks no path reaches.</summary>
    [MethodImpl(HotPath.Optimized)]
    public static TValue[]?[] Solve<TValue>(
        ControlFlowGraph graph,
        int slotCount,
        TValue entryValue,
        BlockTransfer<TValue> transfer,
        CancellationToken cancellationToken,
        BranchRefinement<TValue>? refineBranch = null)
        where TValue : struct, IFlowValue<TValue>
    {
        var blocks = graph.Blocks;
        var successors = FlowEdges.Build(graph);
        var entryStates = new TValue[]?[blocks.Length];
        var exitStates = new TValue[blocks.Length][];
        var throwStates = new TValue[blocks.Length][];

        entryStates[0] = NewState(slotCount, entryValue);
        var worklist = new Queue<int>();
        var queued = new bool[blocks.Length];
        worklist.Enqueue(0);
        queued[0] = true;
        while (worklist.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var ordinal = worklist.Dequeue();
            queued[ordinal] = false;
            var state = (TValue[])entryStates[ordinal]!.Clone();
            throwStates[ordinal] = (TValue[])state.Clone();
            transfer(blocks[ordinal], state, throwStates[ordinal]);
            exitStates[ordinal] = state;

            foreach (var edge in successors[ordinal])
            {
                var flowing = edge.IsExceptional ? throwStates[ordinal] : exitStates[ordinal];
                if (refineBranch is not null && edge.TakenWhen != ControlFlowConditionKind.None)
                {
                    flowing = (TValue[])flowing.Clone();
                    refineBranch(blocks[ordinal], edge.TakenWhen == ControlFlowConditionKind.WhenTrue, flowing);
                }

                if (JoinInto(ref entryStates[edge.Target], flowing) && !queued[edge.Target])
                {
                    queued[edge.Target] = true;
                    worklist.Enqueue(edge.Target);
                }
            }
        }

        return entryStates;
    }

    /// <summary>Joins <paramref name="incoming"/> into <paramref name="target"/> slot by slot; true when anything changed.</summary>
    [MethodImpl(HotPath.Optimized)]
    public static bool JoinWith<TValue>(TValue[] target, TValue[] incoming)
        where TValue : struct, IFlowValue<TValue>
    {
        var changed = false;
        for (var slot = 0; slot < target.Length; slot++)
        {
            var joined = target[slot].Join(incoming[slot]);
            if (!joined.Equals(target[slot]))
            {
                target[slot] = joined;
                changed = true;
            }
        }

        return changed;
    }

    [MethodImpl(HotPath.Optimized)]
    private static bool JoinInto<TValue>(ref TValue[]? target, TValue[] incoming)
        where TValue : struct, IFlowValue<TValue>
    {
        if (target is null)
        {
            target = (TValue[])incoming.Clone();
            return true;
        }

        return JoinWith(target, incoming);
    }

    private static TValue[] NewState<TValue>(int slotCount, TValue value)
    {
        var state = new TValue[slotCount];
        for (var slot = 0; slot < state.Length; slot++)
        {
            state[slot] = value;
        }

        return state;
    }
}
