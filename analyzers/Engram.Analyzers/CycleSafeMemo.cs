using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace Engram.Analyzers;

/// <summary>
/// Memoizes a recursive computation over a graph that may have cycles (types holding each other, methods calling
/// each other), computed lazily, one key at a time, on any thread.
/// </summary>
/// <remarks>
/// <para>
/// A key met again while its own value is being computed (a cycle) gets <c>whileInProgress</c>, the bottom of the
/// lattice, on that path. A value computed after meeting such a provisional answer may be incomplete, so it is kept
/// only when the policy says it is final anyway, or when the outermost computation ends in the bottom value (then
/// nothing reachable from it contributes anything, and every provisional value is final too). The outermost value is
/// always complete: every key on a cycle through it adds its own contribution on the way back.
/// </para>
/// <para>
/// The computation must be synchronous: the keys in progress are tracked per thread.
/// </para>
/// </remarks>
internal sealed class CycleSafeMemo<TKey, TValue>
    where TKey : class
{
    [ThreadStatic]
    private static Dictionary<object, Frame>? t_frames;

    private readonly IEqualityComparer<TKey> _comparer;
    private readonly ConcurrentDictionary<TKey, TValue> _values;
    private readonly Func<TKey, TValue> _compute;
    private readonly TValue _whileInProgress;
    private readonly Func<TValue, bool> _isBottom;
    private readonly Func<TValue, bool> _isFinalDespiteCycle;

    /// <param name="comparer">How keys compare.</param>
    /// <param name="compute">Computes one key's value; may ask <see cref="Get"/> for other keys.</param>
    /// <param name="whileInProgress">What a cycle sees: the bottom value.</param>
    /// <param name="isBottom">True for values that contribute nothing.</param>
    /// <param name="isFinalDespiteCycle">True for values that cannot change however the cycle resolves (a path already found).</param>
    public CycleSafeMemo(
        IEqualityComparer<TKey> comparer, Func<TKey, TValue> compute, TValue whileInProgress, Func<TValue, bool> isBottom, Func<TValue, bool> isFinalDespiteCycle)
    {
        _comparer = comparer;
        _values = new ConcurrentDictionary<TKey, TValue>(comparer);
        _compute = compute;
        _whileInProgress = whileInProgress;
        _isBottom = isBottom;
        _isFinalDespiteCycle = isFinalDespiteCycle;
    }

    [MethodImpl(HotPath.Optimized)]
    public TValue Get(TKey key)
    {
        if (_values.TryGetValue(key, out var known))
        {
            return known;
        }

        var frames = t_frames ??= new Dictionary<object, Frame>();
        if (frames.TryGetValue(this, out var frame))
        {
            if (frame.InProgress.Contains(key))
            {
                frame.MetCycle = true;
                return _whileInProgress;
            }

            return ComputeWithin(frame, key, isOutermost: false);
        }

        frame = new Frame(_comparer);
        frames.Add(this, frame);
        try
        {
            return ComputeWithin(frame, key, isOutermost: true);
        }
        finally
        {
            frames.Remove(this);
        }
    }

    /// <summary>True when the value of <paramref name="key"/> is known and final; a provisional value met on a cycle is not.</summary>
    public bool IsFinal(TKey key) => _values.ContainsKey(key);

    private TValue ComputeWithin(Frame frame, TKey key, bool isOutermost)
    {
        var metCycleOutside = frame.MetCycle;
        frame.MetCycle = false;
        frame.InProgress.Add(key);
        TValue value;
        try
        {
            value = _compute(key);
        }
        finally
        {
            frame.InProgress.Remove(key);
        }

        var metCycle = frame.MetCycle;
        frame.MetCycle = metCycleOutside || metCycle;
        if (!metCycle || isOutermost || _isFinalDespiteCycle(value))
        {
            _values[key] = value;
        }
        else
        {
            frame.Provisional.Add((key, value));
        }

        if (isOutermost && _isBottom(value))
        {
            foreach (var (provisionalKey, provisionalValue) in frame.Provisional)
            {
                _values[provisionalKey] = provisionalValue;
            }
        }

        return value;
    }

    /// <summary>The keys being computed on this thread for one memo.</summary>
    private sealed class Frame
    {
        public Frame(IEqualityComparer<TKey> comparer) => InProgress = new HashSet<TKey>(comparer);

        public HashSet<TKey> InProgress { get; }

        public List<(TKey Key, TValue Value)> Provisional { get; } = new();

        public bool MetCycle { get; set; }
    }
}
