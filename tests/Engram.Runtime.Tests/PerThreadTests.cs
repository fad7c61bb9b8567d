using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Engram.Runtime.Tests.TestSupport;
using EngramDb.Threading;
using Xunit;

namespace Engram.Runtime.Tests;

public sealed class PerThreadTests
{
    [Fact]
    public void Value_IsCreatedOncePerThreadAndReusedOnThatThread()
    {
        var created = 0;
        using var pool = new PerThread<object>(() =>
        {
            Interlocked.Increment(ref created);
            return new object();
        });

        var first = pool.Value;
        Assert.Same(first, pool.Value);

        object? other = null;
        OnThread.Run(() => other = pool.Value);

        Assert.NotSame(first, other);
        Assert.Equal(2, created);
    }

    [Fact]
    public void Value_IsCreatedOnTheReadingThread()
    {
        using var pool = new PerThread<int>(() => Environment.CurrentManagedThreadId);

        var seenOnThread = 0;
        var expectedThread = 0;
        OnThread.Run(() =>
        {
            expectedThread = Environment.CurrentManagedThreadId;
            seenOnThread = pool.Value;
        });

        Assert.Equal(expectedThread, seenOnThread);
        Assert.Equal(Environment.CurrentManagedThreadId, pool.Value);
    }

    [Fact]
    public void TwoPoolsOfTheSameType_KeepTheirOwnValuesOnOneThread()
    {
        using var a = new PerThread<string>(() => "a");
        using var b = new PerThread<string>(() => "b");

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("a", a.Value);
            Assert.Equal("b", b.Value);
        }
    }

    [Fact]
    public void FactoryFailure_Propagates_AndNothingIsStored()
    {
        var fail = true;
        using var pool = new PerThread<Tracked>(() => fail ? throw new InvalidOperationException("factory failed") : new Tracked());

        var error = Assert.Throws<InvalidOperationException>(() => pool.Value);
        Assert.Equal("factory failed", error.Message);
        Assert.Equal(0, pool.Count);

        fail = false;
        Assert.NotNull(pool.Value);
        Assert.Equal(1, pool.Count);
    }

    [Fact]
    public void ValuesOfExitedThreads_AreDisposed_WhenTheNextValueIsCreated()
    {
        var values = new ConcurrentBag<Tracked>();
        using var pool = new PerThread<Tracked>(() =>
        {
            var value = new Tracked();
            values.Add(value);
            return value;
        });

        const int shortLivedThreads = 300;
        for (var i = 0; i < shortLivedThreads; i += 30)
        {
            var batch = Enumerable.Range(0, 30).Select(_ => new Thread(() => GC.KeepAlive(pool.Value))).ToList();
            batch.ForEach(t => t.Start());
            batch.ForEach(t => t.Join());
        }

        var survivor = pool.Value;

        Assert.Equal(shortLivedThreads + 1, values.Count);
        Assert.All(values.Where(v => v != survivor), v => Assert.Equal(1, v.DisposeCount));
        Assert.Equal(0, survivor.DisposeCount);
        Assert.Equal(1, pool.Count);
    }

    [Fact]
    public void DisposeValuesOfExitedThreads_DisposesOnlyThoseOfExitedThreads()
    {
        using var pool = new PerThread<Tracked>(() => new Tracked());
        var mine = pool.Value;
        Tracked? exited = null;
        OnThread.Run(() => exited = pool.Value);

        Assert.Equal(1, pool.DisposeValuesOfExitedThreads());

        Assert.Equal(1, exited!.DisposeCount);
        Assert.Equal(0, mine.DisposeCount);
        Assert.Same(mine, pool.Value);
    }

    [Fact]
    public void Dispose_DisposesEveryRemainingValueOnce_AndLaterReadsThrow()
    {
        var pool = new PerThread<Tracked>(() => new Tracked());
        var mine = pool.Value;
        using var release = new ManualResetEventSlim();
        using var ready = new CountdownEvent(4);
        var others = new ConcurrentBag<Tracked>();
        var threads = Enumerable.Range(0, 4).Select(_ => new Thread(() =>
        {
            others.Add(pool.Value);
            ready.Signal();
            release.Wait();
        })).ToList();
        threads.ForEach(t => t.Start());
        ready.Wait();

        pool.Dispose();
        pool.Dispose();
        release.Set();
        threads.ForEach(t => t.Join());

        Assert.Equal(1, mine.DisposeCount);
        Assert.All(others, v => Assert.Equal(1, v.DisposeCount));
        Assert.Throws<ObjectDisposedException>(() => pool.Value);
    }

    [Fact]
    public void DisposeFailures_AreReported_NotSwallowed()
    {
        var pool = new PerThread<Tracked>(() => new Tracked(throwOnDispose: true));
        _ = pool.Value;

        var error = Assert.Throws<AggregateException>(() => pool.Dispose());

        Assert.IsType<InvalidOperationException>(Assert.Single(error.InnerExceptions));
    }

    [Fact]
    public void FailingCleanupOfAnExitedThread_IsReported_AndTheCallersValueIsKept()
    {
        var created = 0;
        using var pool = new PerThread<Tracked>(() => new Tracked(throwOnDispose: Interlocked.Increment(ref created) == 1));
        OnThread.Run(() => GC.KeepAlive(pool.Value));

        var cleanupFailure = Assert.Throws<AggregateException>(() => pool.Value);
        var mine = pool.Value;

        Assert.IsType<InvalidOperationException>(Assert.Single(cleanupFailure.InnerExceptions));
        Assert.Same(mine, pool.Value);
        Assert.Equal(2, created);
        Assert.Equal(1, pool.Count);
    }

    [Fact]
    public void ManyThreadsAtOnce_EachGetExactlyOneValue()
    {
        var created = new ConcurrentDictionary<int, int>();
        using var pool = new PerThread<int>(() => created.AddOrUpdate(Environment.CurrentManagedThreadId, 1, (_, n) => n + 1));
        using var start = new ManualResetEventSlim();
        var threads = Enumerable.Range(0, 16).Select(_ => new Thread(() =>
        {
            start.Wait();
            for (var i = 0; i < 1000; i++)
            {
                _ = pool.Value;
            }
        })).ToList();
        threads.ForEach(t => t.Start());

        start.Set();
        threads.ForEach(t => t.Join());

        Assert.Equal(16, created.Count);
        Assert.All(created.Values, count => Assert.Equal(1, count));
    }

    private sealed class Tracked : IDisposable
    {
        private readonly bool _throwOnDispose;
        private int _disposeCount;

        public Tracked(bool throwOnDispose = false) => _throwOnDispose = throwOnDispose;

        public int DisposeCount => Volatile.Read(ref _disposeCount);

        public void Dispose()
        {
            Interlocked.Increment(ref _disposeCount);
            if (_throwOnDispose)
            {
                throw new InvalidOperationException("dispose failed");
            }
        }
    }
}
