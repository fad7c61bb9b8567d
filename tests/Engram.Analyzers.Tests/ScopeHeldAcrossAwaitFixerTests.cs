using System.Threading.Tasks;
using Xunit;
using Verify = Engram.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Engram.Analyzers.Rules.ScopeHeldAcrossAwaitAnalyzer,
    Engram.Analyzers.CodeFixes.ScopeHeldAcrossAwaitFixer>;

namespace Engram.Analyzers.Tests;

public sealed class ScopeHeldAcrossAwaitFixerTests
{
    [Fact]
    public Task Private_unnamed_mutex_becomes_a_semaphore_awaited_in_async_code_and_waited_for_elsewhere() =>
        Verify.VerifyCodeFixAsync(
            """
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class ReportWriter
            {
                private readonly Mutex _fileLock = new Mutex();

                public async Task AppendAsync(string path, string line)
                {
                    _fileLock.WaitOne();
                    try
                    {
                        await File.AppendAllTextAsync(path, line);
                    }
                    finally
                    {
                        {|ENG005:_fileLock.ReleaseMutex()|};
                    }
                }

                public bool TryAppend(string path, string line)
                {
                    if (!_fileLock.WaitOne(100))
                    {
                        return false;
                    }

                    File.AppendAllText(path, line);
                    _fileLock.ReleaseMutex();
                    return true;
                }

                public void Close() => _fileLock.Dispose();
            }
            """,
            """
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class ReportWriter
            {
                private readonly SemaphoreSlim _fileLock = new SemaphoreSlim(1, 1);

                public async Task AppendAsync(string path, string line)
                {
                    await _fileLock.WaitAsync();
                    try
                    {
                        await File.AppendAllTextAsync(path, line);
                    }
                    finally
                    {
                        _fileLock.Release();
                    }
                }

                public bool TryAppend(string path, string line)
                {
                    if (!_fileLock.Wait(100))
                    {
                        return false;
                    }

                    File.AppendAllText(path, line);
                    _fileLock.Release();
                    return true;
                }

                public void Close() => _fileLock.Dispose();
            }
            """);

    [Fact]
    public Task Monitor_lock_object_becomes_a_semaphore_with_the_section_in_try_finally() =>
        Verify.VerifyCodeFixAsync(
            """
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class Outbox
            {
                private static readonly object Gate = new object();
                private readonly List<string> _sent = new List<string>();

                public async Task SendAsync(string message, Task delivery)
                {
                    Monitor.Enter(Gate);
                    // Sent before delivery is confirmed.
                    _sent.Add(message);
                    await delivery;
                    // Let the next sender in.
                    {|ENG005:Monitor.Exit(Gate)|};
                }

                public async Task<bool> TrySendAsync(string message, Task delivery)
                {
                    if (Monitor.TryEnter(Gate, 50))
                    {
                        await delivery;
                        {|ENG005:Monitor.Exit(Gate)|};
                        return true;
                    }

                    return false;
                }
            }
            """,
            """
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class Outbox
            {
                private static readonly SemaphoreSlim Gate = new SemaphoreSlim(1, 1);
                private readonly List<string> _sent = new List<string>();

                public async Task SendAsync(string message, Task delivery)
                {
                    await Gate.WaitAsync();
                    try
                    {
                        // Sent before delivery is confirmed.
                        _sent.Add(message);
                        await delivery;
                    }
                    finally
                    {
                        // Let the next sender in.
                        Gate.Release();
                    }
                }

                public async Task<bool> TrySendAsync(string message, Task delivery)
                {
                    if (await Gate.WaitAsync(50))
                    {
                        await delivery;
                        Gate.Release();
                        return true;
                    }

                    return false;
                }
            }
            """);

    [Fact]
    public Task Fix_all_rewrites_each_lock_once() =>
        Verify.VerifyCodeFixAsync(
            """
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class Jobs
            {
                private readonly Mutex _first = new Mutex(false);
                private readonly object _second = new object();

                public async Task RunAsync(Task work)
                {
                    _first.WaitOne();
                    await work;
                    {|ENG005:_first.ReleaseMutex()|};
                    Monitor.Enter(_second);
                    await work;
                    {|ENG005:Monitor.Exit(_second)|};
                }

                public async Task RunAgainAsync(Task work)
                {
                    this._first.WaitOne();
                    await work;
                    {|ENG005:this._first.ReleaseMutex()|};
                }
            }
            """,
            """
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class Jobs
            {
                private readonly SemaphoreSlim _first = new SemaphoreSlim(1, 1);
                private readonly SemaphoreSlim _second = new SemaphoreSlim(1, 1);

                public async Task RunAsync(Task work)
                {
                    await _first.WaitAsync();
                    try
                    {
                        await work;
                    }
                    finally
                    {
                        _first.Release();
                    }

                    await _second.WaitAsync();
                    try
                    {
                        await work;
                    }
                    finally
                    {
                        _second.Release();
                    }
                }

                public async Task RunAgainAsync(Task work)
                {
                    await this._first.WaitAsync();
                    try
                    {
                        await work;
                    }
                    finally
                    {
                        this._first.Release();
                    }
                }
            }
            """);

    [Theory]
    [InlineData("private readonly Mutex _lock = new Mutex(false, \"Global\\\\jobs\");", "_lock.WaitOne();", "_lock.ReleaseMutex()")]
    [InlineData("private readonly Mutex _lock = new Mutex(true);", "_lock.WaitOne();", "_lock.ReleaseMutex()")]
    [InlineData("public readonly Mutex _lock = new Mutex();", "_lock.WaitOne();", "_lock.ReleaseMutex()")]
    [InlineData("private Mutex _lock = new Mutex(); void Reset() => _lock = new Mutex();", "_lock.WaitOne();", "_lock.ReleaseMutex()")]
    [InlineData("private readonly Mutex _lock = new Mutex(); bool Both(Mutex other) => WaitHandle.WaitAll(new WaitHandle[] { _lock, other });", "_lock.WaitOne();", "_lock.ReleaseMutex()")]
    [InlineData("private readonly object _lock = new object(); void Sync() { lock (_lock) { } }", "Monitor.Enter(_lock);", "Monitor.Exit(_lock)")]
    [InlineData("private readonly object _lock = new object(); void Signal() => Monitor.PulseAll(_lock);", "Monitor.Enter(_lock);", "Monitor.Exit(_lock)")]
    [InlineData("private readonly string _lock = \"shared\";", "Monitor.Enter(_lock);", "Monitor.Exit(_lock)")]
    [InlineData("private readonly ReaderWriterLockSlim _lock = new ReaderWriterLockSlim();", "_lock.EnterWriteLock();", "_lock.ExitWriteLock()")]
    public Task No_fix_for_locks_that_are_named_owned_shared_or_used_otherwise(string field, string acquisition, string release)
    {
        var source = $$"""
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class Jobs
            {
                {{field}}

                public async Task RunAsync(Task work)
                {
                    {{acquisition}}
                    await work;
                    {|ENG005:{{release}}|};
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, source);
    }

    [Fact]
    public Task No_fix_for_a_lock_parameter_or_local()
    {
        const string Source = """
            using System.Threading;
            using System.Threading.Tasks;

            public static class Jobs
            {
                public static async Task RunAsync(Mutex shared, Task work)
                {
                    shared.WaitOne();
                    await work;
                    {|ENG005:shared.ReleaseMutex()|};
                    var own = new object();
                    Monitor.Enter(own);
                    await work;
                    {|ENG005:Monitor.Exit(own)|};
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(Source, Source);
    }
}
