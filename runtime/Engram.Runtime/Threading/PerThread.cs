using System;
using System.Collections.Generic;
using System.Threading;

namespace EngramDb.Threading;

/// <summary>
/// One lazily created value per thread, for values that must stay on the thread that created them.
/// </summary>
/// <remarks>
/// <para>
/// Every value this pool creates is tracked. Values whose thread has exited are disposed the next time any
/// thread creates a value in this pool, or when <see cref="DisposeValuesOfExitedThreads"/> is called;
/// <see cref="Dispose"/> disposes all remaining values. A failure to dispose an exited thread's value is not
/// swallowed: it surfaces as an <see cref="AggregateException"/> from the call that did the cleanup, after that
/// call's own value has been created and stored. Values are disposed from whichever thread does the
/// cleanup, so <typeparamref name="T"/>'s <c>Dispose</c> must work from any thread (as <see cref="Database.Dispose"/> does).
/// </para>
/// <para>
/// A warm <see cref="Value"/> read is a <c>[ThreadStatic]</c> read and one reference comparison: the calling
/// thread remembers the slot it used last.
/// </para>
/// </remarks>
/// <typeparam name="T">The per-thread value type.</typeparam>
public sealed class PerThread<T> : IDisposable
{
    [ThreadStatic]
    private static Slot? t_lastUsedSlot;

    private readonly Func<T> _factory;
    private readonly ThreadLocal<Slot?> _slotOfThread = new(trackAllValues: false);
    private readonly object _gate = new();
    private readonly List<Slot> _liveSlots = new();
    private bool _disposed;

    /// <summary>Creates a pool that calls <paramref name="factory"/> once on each thread that reads <see cref="Value"/>.</summary>
    public PerThread(Func<T> factory)
    {
        _factory = factory ?? throw new ArgumentNullException(nameof(factory));
    }

    /// <summary>The calling thread's value, created by the factory on this thread's first read.</summary>
    /// <exception cref="ObjectDisposedException">The pool has been disposed.</exception>
    public T Value
    {
        get
        {
            var slot = t_lastUsedSlot;
            if (slot is not null && ReferenceEquals(slot.Pool, this))
            {
                return slot.Value;
            }

            return GetOrCreateSlot().Value;
        }
    }

    /// <summary>Number of values currently held (created and not yet disposed).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _liveSlots.Count;
            }
        }
    }

    /// <summary>Disposes the values created on threads that have since exited.</summary>
    /// <returns>How many values were disposed.</returns>
    public int DisposeValuesOfExitedThreads()
    {
        List<Slot> exited;
        lock (_gate)
        {
            exited = TakeSlotsOfExitedThreads();
        }

        DisposeAll(exited);
        return exited.Count;
    }

    /// <summary>Disposes every value this pool created; later reads of <see cref="Value"/> throw.</summary>
    public void Dispose()
    {
        List<Slot> remaining;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            remaining = new List<Slot>(_liveSlots);
            _liveSlots.Clear();
        }

        _slotOfThread.Dispose();
        DisposeAll(remaining);
    }

    private Slot GetOrCreateSlot()
    {
        ThrowIfDisposed();
        var slot = _slotOfThread.Value;
        if (slot is not null)
        {
            t_lastUsedSlot = slot;
            return slot;
        }

        slot = new Slot(this, _factory(), Thread.CurrentThread);
        List<Slot> exited;
        lock (_gate)
        {
            if (_disposed)
            {
                DisposeAll(new List<Slot> { slot });
                ThrowIfDisposed();
            }

            exited = TakeSlotsOfExitedThreads();
            _liveSlots.Add(slot);
        }

        // The new value is this thread's before any cleanup runs, so a failing cleanup cannot orphan it.
        _slotOfThread.Value = slot;
        t_lastUsedSlot = slot;
        DisposeAll(exited);
        return slot;
    }

    private List<Slot> TakeSlotsOfExitedThreads()
    {
        var exited = new List<Slot>();
        _liveSlots.RemoveAll(slot =>
        {
            if (slot.Thread.IsAlive)
            {
                return false;
            }

            exited.Add(slot);
            return true;
        });
        return exited;
    }

    private static void DisposeAll(List<Slot> slots)
    {
        List<Exception>? failures = null;
        foreach (var slot in slots)
        {
            try
            {
                slot.Release();
            }
            catch (Exception ex)
            {
                (failures ??= new List<Exception>()).Add(ex);
            }
        }

        if (failures is not null)
        {
            throw new AggregateException("Disposing per-thread values failed.", failures);
        }
    }

    private void ThrowIfDisposed()
    {
        if (Volatile.Read(ref _disposed))
        {
            throw new ObjectDisposedException(GetType().FullName);
        }
    }

    private sealed class Slot
    {
        public Slot(PerThread<T> pool, T value, Thread thread)
        {
            Pool = pool;
            Value = value;
            Thread = thread;
        }

        // Cleared on release so that a thread's cached slot no longer matches on the fast path. The value itself is
        // kept: a reader that matched just before the release must get the (now disposed) value, never a null.
        public PerThread<T>? Pool { get; private set; }

        public T Value { get; }

        public Thread Thread { get; }

        public void Release()
        {
            Pool = null;
            (Value as IDisposable)?.Dispose();
        }
    }
}
