using System;

namespace Engram.Analyzers.AwaitCrossing;

/// <summary>
/// Which awaits a value may have crossed since it was obtained: none (fresh), or some, represented by the first
/// of them in source order together with whether there may be others.
/// </summary>
/// <remarks>
/// One element of the lattice <see cref="AwaitCrossingAnalysis"/> iterates over (with <see cref="SlotDataflow"/>). <see cref="Join"/> merges two
/// paths: fresh only when both are fresh. The lattice is finite (await indexes only decrease, the flag only turns
/// on), so the fixed point is reached after a bounded number of changes.
/// </remarks>
internal readonly struct Staleness : IFlowValue<Staleness>
{
    private const int NoAwait = -1;

    private Staleness(int firstAwait, bool crossesSeveralAwaits)
    {
        FirstAwait = firstAwait;
        CrossesSeveralAwaits = crossesSeveralAwaits;
    }

    public static Staleness Fresh { get; } = new(NoAwait, crossesSeveralAwaits: false);

    /// <summary>Index of the earliest (in source order) await that may lie between obtaining and using the value.</summary>
    public int FirstAwait { get; }

    /// <summary>True when different paths reach the use through different awaits.</summary>
    public bool CrossesSeveralAwaits { get; }

    public bool IsStale => FirstAwait != NoAwait;

    /// <summary>The value has just crossed the await with this index.</summary>
    public static Staleness Since(int awaitIndex) => new(awaitIndex, crossesSeveralAwaits: false);

    public Staleness Join(Staleness other)
    {
        if (!IsStale)
        {
            return other;
        }

        if (!other.IsStale)
        {
            return this;
        }

        return new Staleness(
            Math.Min(FirstAwait, other.FirstAwait),
            CrossesSeveralAwaits || other.CrossesSeveralAwaits || FirstAwait != other.FirstAwait);
    }

    public bool Equals(Staleness other) => FirstAwait == other.FirstAwait && CrossesSeveralAwaits == other.CrossesSeveralAwaits;

    public override bool Equals(object? obj) => obj is Staleness other && Equals(other);

    public override int GetHashCode() => (FirstAwait * 2) + (CrossesSeveralAwaits ? 1 : 0);
}
