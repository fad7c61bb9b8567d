using System;
using Engram.Analyzers.AwaitCrossing;

namespace Engram.Analyzers.Scopes;

/// <summary>
/// What one lock slot may be at a point of the graph: not held, or held since an acquisition, possibly across an
/// await, possibly only when a bool (the <c>TryEnter</c> result, <c>lockTaken</c>) is true.
/// </summary>
/// <remarks>
/// The lattice <see cref="HeldLockAnalysis"/> iterates over with <see cref="SlotDataflow"/>, a "may" analysis:
/// not held joins to anything; two held values join to the earliest acquisition and await in source order, and keep
/// a guard only when both paths have the same one. Indexes only decrease and a guard is only dropped, so the
/// iteration ends.
/// </remarks>
internal readonly struct HeldLock : IFlowValue<HeldLock>
{
    private const int None = -1;

    private HeldLock(int acquisition, int crossedAwait, int guard)
    {
        Acquisition = acquisition;
        CrossedAwait = crossedAwait;
        Guard = guard;
    }

    public static HeldLock NotHeld { get; } = new(None, None, None);

    public bool IsHeld => Acquisition != None;

    /// <summary>Index (source order) of the earliest acquisition some path holds the lock since.</summary>
    public int Acquisition { get; }

    /// <summary>Index (source order) of the earliest await some path crossed while holding it; -1 for none.</summary>
    public int CrossedAwait { get; }

    public bool HasCrossedAwait => CrossedAwait != None;

    /// <summary>The guard whose falsehood means the lock is not held; -1 when the lock is held whatever any bool says.</summary>
    public int Guard { get; }

    public static HeldLock AcquiredAt(int acquisition, int guard) => new(acquisition, None, guard);

    public HeldLock Crossing(int awaitIndex) => IsHeld && !HasCrossedAwait ? new HeldLock(Acquisition, awaitIndex, Guard) : this;

    public HeldLock Unguarded() => new(Acquisition, CrossedAwait, None);

    public HeldLock Join(HeldLock other)
    {
        if (!IsHeld)
        {
            return other;
        }

        if (!other.IsHeld)
        {
            return this;
        }

        var crossed = !HasCrossedAwait ? other.CrossedAwait : !other.HasCrossedAwait ? CrossedAwait : Math.Min(CrossedAwait, other.CrossedAwait);
        return new HeldLock(Math.Min(Acquisition, other.Acquisition), crossed, Guard == other.Guard ? Guard : None);
    }

    public bool Equals(HeldLock other) => Acquisition == other.Acquisition && CrossedAwait == other.CrossedAwait && Guard == other.Guard;

    public override bool Equals(object? obj) => obj is HeldLock other && Equals(other);

    public override int GetHashCode() => (Acquisition * 397) ^ (CrossedAwait * 31) ^ Guard;
}
