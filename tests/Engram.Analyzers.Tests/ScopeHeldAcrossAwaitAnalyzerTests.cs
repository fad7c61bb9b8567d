using System.Collections.Immutable;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Engram.Analyzers.Tests.TestSupport;
using Engram.Analyzers.Tests.Verifiers;
using Engram.Analyzers.Rules;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;
using Verify = Engram.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<Engram.Analyzers.Rules.ScopeHeldAcrossAwaitAnalyzer>;

namespace Engram.Analyzers.Tests;

public sealed class ScopeHeldAcrossAwaitAnalyzerTests
{
    // HOLE runs in an async method with a pending `task`, a `flag` and a Mutex parameter `other`; the class has a
    // lock of each kind, SpinLocks with and without owner tracking, and a SemaphoreSlim.
    private static readonly CodeTemplate Method = new("""
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        class Worker
        {
            private readonly Mutex _mutex = new Mutex();
            private readonly object _gate = new object();
            private readonly ReaderWriterLockSlim _rw = new ReaderWriterLockSlim();
            private readonly ReaderWriterLock _legacy = new ReaderWriterLock();
            private SpinLock _spin = new SpinLock(true);
            private SpinLock _untracked = new SpinLock(false);
            private readonly SemaphoreSlim _semaphore = new SemaphoreSlim(1, 1);

            async Task RunAsync(Task task, bool flag, Mutex other)
            {
                HOLE
            }
        }
        """);

    // HOLE runs in an async method with a pending `task`, compiled against pythonnet.
    private static readonly CodeTemplate PythonMethod = new("""
        using System;
        using System.Threading.Tasks;
        using Python.Runtime;

        class Interop
        {
            async Task RunAsync(Task task)
            {
                HOLE
            }

            static void Work() { }
        }
        """);

    [Theory]
    [InlineData("_mutex.WaitOne(); await task; {|ENG005:_mutex.ReleaseMutex()|};")]
    [InlineData("_mutex.WaitOne(); try { await task; } finally { {|ENG005:_mutex.ReleaseMutex()|}; }")]
    [InlineData("this._mutex.WaitOne(); await task; {|ENG005:_mutex.ReleaseMutex()|};")]
    [InlineData("if (_mutex.WaitOne(100)) { try { await task; } finally { {|ENG005:_mutex.ReleaseMutex()|}; } }")]
    [InlineData("if (!_mutex.WaitOne(TimeSpan.FromSeconds(1))) return; await task; {|ENG005:_mutex.ReleaseMutex()|};")]
    [InlineData("var acquired = _mutex.WaitOne(100); await task; if (acquired) {|ENG005:_mutex.ReleaseMutex()|};")]
    [InlineData("var acquired = _mutex.WaitOne(100); acquired = flag; if (!acquired) { await task; } {|ENG005:_mutex.ReleaseMutex()|};")]
    [InlineData("WaitHandle.WaitAll(new WaitHandle[] { _mutex, other }); await task; {|ENG005:_mutex.ReleaseMutex()|}; {|ENG005:other.ReleaseMutex()|};")]
    [InlineData("var index = WaitHandle.WaitAny(new[] { _mutex, other }); await task; {|ENG005:other.ReleaseMutex()|};")]
    [InlineData("using var created = new Mutex(true, \"Global\\\\worker\", out var createdNew); await task; if (createdNew) {|ENG005:created.ReleaseMutex()|};")]
    [InlineData("var owned = new Mutex(initiallyOwned: true); await task; {|ENG005:owned.ReleaseMutex()|};")]
    [InlineData("Mutex owned; owned = new(true); await task; {|ENG005:owned.ReleaseMutex()|};")]
    public Task Flags_a_mutex_released_after_an_await(string statements) =>
        Verify.VerifyAnalyzerAsync(Method.Fill(statements));

    [Theory]
    [InlineData("Monitor.Enter(_gate); await task; {|ENG005:Monitor.Exit(_gate)|};")]
    [InlineData("bool taken = false; try { Monitor.Enter(_gate, ref taken); await task; } finally { if (taken) {|ENG005:Monitor.Exit(_gate)|}; }")]
    [InlineData("if (Monitor.TryEnter(_gate, 50)) { await task; {|ENG005:Monitor.Exit(_gate)|}; }")]
    [InlineData("var taken = false; Monitor.TryEnter(_gate, TimeSpan.FromMilliseconds(5), ref taken); if (taken) { await task; {|ENG005:Monitor.Exit(_gate)|}; }")]
    public Task Flags_a_monitor_lock_released_after_an_await(string statements) =>
        Verify.VerifyAnalyzerAsync(Method.Fill(statements));

    [Theory]
    [InlineData("_rw.EnterReadLock(); try { await task; } finally { {|ENG005:_rw.ExitReadLock()|}; }")]
    [InlineData("_rw.EnterWriteLock(); await task; {|ENG005:_rw.ExitWriteLock()|};")]
    [InlineData("_rw.EnterUpgradeableReadLock(); _rw.EnterWriteLock(); _rw.ExitWriteLock(); await task; {|ENG005:_rw.ExitUpgradeableReadLock()|};")]
    [InlineData("if (_rw.TryEnterWriteLock(10)) { await task; {|ENG005:_rw.ExitWriteLock()|}; }")]
    [InlineData("_legacy.AcquireWriterLock(1000); await task; {|ENG005:_legacy.ReleaseWriterLock()|};")]
    [InlineData("_legacy.AcquireReaderLock(1000); await task; {|ENG005:_legacy.ReleaseLock()|};")]
    public Task Flags_reader_writer_locks_released_after_an_await(string statements) =>
        Verify.VerifyAnalyzerAsync(Method.Fill(statements));

    [Theory]
    [InlineData("bool taken = false; _spin.Enter(ref taken); await task; if (taken) {|ENG005:_spin.Exit()|};")]
    [InlineData("var spin = new SpinLock(); bool taken = false; spin.TryEnter(ref taken); await task; {|ENG005:spin.Exit()|};")]
    [InlineData("var spin = default(SpinLock); bool taken = false; spin.TryEnter(10, ref taken); await task; {|ENG005:spin.Exit(false)|};")]
    public Task Flags_a_spin_lock_that_tracks_its_owner(string statements) =>
        Verify.VerifyAnalyzerAsync(Method.Fill(statements));

    [Theory]
    [InlineData("while (flag) { _mutex.WaitOne(); await task; {|ENG005:_mutex.ReleaseMutex()|}; }")]
    [InlineData("for (var i = 0; i < 3; i++) { if (i == 0) { _mutex.WaitOne(); } await task; } {|ENG005:_mutex.ReleaseMutex()|};")]
    [InlineData("while (flag) { await task; if (!flag) { {|ENG005:_mutex.ReleaseMutex()|}; } _mutex.WaitOne(); }")]
    [InlineData("start: if (flag) { {|ENG005:_mutex.ReleaseMutex()|}; return; } _mutex.WaitOne(); await task; goto start;")]
    [InlineData("_mutex.WaitOne(); if (flag) { await task; } {|ENG005:_mutex.ReleaseMutex()|};")]
    [InlineData("_mutex.WaitOne(); if (flag) { _mutex.ReleaseMutex(); return; } await task; {|ENG005:_mutex.ReleaseMutex()|};")]
    [InlineData("try { _mutex.WaitOne(); await task; } catch (IOException) { {|ENG005:_mutex.ReleaseMutex()|}; }")]
    [InlineData("_mutex.WaitOne(); switch (flag) { case true: await task; break; } {|ENG005:_mutex.ReleaseMutex()|};")]
    [InlineData("_mutex.WaitOne(); var n = flag ? await Task.Run(() => 1) : 0; {|ENG005:_mutex.ReleaseMutex()|};")]
    [InlineData("_mutex.WaitOne(); await task.ConfigureAwait(false); {|ENG005:_mutex.ReleaseMutex()|};")]
    [InlineData("_mutex.WaitOne(); await using (var stream = new MemoryStream()) { } {|ENG005:_mutex.ReleaseMutex()|};")]
    [InlineData("_mutex.WaitOne(); await Task.Yield(); {|ENG005:_mutex.ReleaseMutex()|};")]
    public Task Follows_loops_branches_early_returns_handlers_and_every_kind_of_await(string statements) =>
        Verify.VerifyAnalyzerAsync(Method.Fill(statements));

    [Theory]
    [InlineData("Func<Task> work = async () => { _mutex.WaitOne(); await task; {|ENG005:_mutex.ReleaseMutex()|}; };")]
    [InlineData("Func<Task> work = async delegate { Monitor.Enter(_gate); await task; {|ENG005:Monitor.Exit(_gate)|}; };")]
    [InlineData("async Task WorkAsync() { _rw.EnterReadLock(); await task; {|ENG005:_rw.ExitReadLock()|}; } await WorkAsync();")]
    [InlineData("Action outer = () => { Func<Task> inner = async () => { _mutex.WaitOne(); await task; {|ENG005:_mutex.ReleaseMutex()|}; }; };")]
    public Task Flags_locks_held_across_awaits_inside_async_lambdas_and_local_functions(string statements) =>
        Verify.VerifyAnalyzerAsync(Method.Fill(statements));

    [Theory]
    [InlineData("_mutex.WaitOne(); try { File.WriteAllText(\"a\", \"b\"); } finally { _mutex.ReleaseMutex(); } await task;")]
    [InlineData("await task; _mutex.WaitOne(); try { } finally { _mutex.ReleaseMutex(); }")]
    [InlineData("while (flag) { _mutex.WaitOne(); try { } finally { _mutex.ReleaseMutex(); } await Task.Delay(10); }")]
    [InlineData("_mutex.WaitOne(); if (flag) { _mutex.ReleaseMutex(); await task; return; } _mutex.ReleaseMutex();")]
    [InlineData("_mutex.WaitOne(); await task;")]
    [InlineData("Monitor.Enter(_gate); Monitor.Exit(_gate); await task; Monitor.Enter(_gate); Monitor.Exit(_gate);")]
    [InlineData("_rw.EnterReadLock(); _rw.ExitReadLock(); await task; _rw.EnterWriteLock(); _rw.ExitWriteLock();")]
    [InlineData("_rw.EnterReadLock(); await task; _rw.ExitWriteLock();")]
    public Task Does_not_flag_locks_acquired_and_released_on_one_side_of_the_await(string statements) =>
        Verify.VerifyAnalyzerAsync(Method.Fill(statements));

    [Theory]
    [InlineData("var acquired = _mutex.WaitOne(100); if (!acquired) { await task; } if (acquired) { _mutex.ReleaseMutex(); }")]
    [InlineData("bool taken = false; try { Monitor.TryEnter(_gate, ref taken); if (!taken) { await task; } } finally { if (taken) Monitor.Exit(_gate); }")]
    [InlineData("var locked = _rw.TryEnterWriteLock(10); if (!locked) { await task; } if (locked) { _rw.ExitWriteLock(); }")]
    [InlineData("while (!Monitor.TryEnter(_gate)) { await Task.Delay(10); } Monitor.Exit(_gate);")]
    [InlineData("while (!_mutex.WaitOne(0)) { await Task.Delay(10); } try { } finally { _mutex.ReleaseMutex(); }")]
    public Task Does_not_flag_awaits_on_paths_where_a_conditional_acquisition_failed(string statements) =>
        Verify.VerifyAnalyzerAsync(Method.Fill(statements));

    [Theory]
    [InlineData("await _semaphore.WaitAsync(); try { await task; } finally { _semaphore.Release(); }")]
    [InlineData("_semaphore.Wait(); await task; _semaphore.Release();")]
    [InlineData("lock (_gate) { File.WriteAllText(\"a\", \"b\"); } await task;")]
    [InlineData("bool taken = false; _untracked.Enter(ref taken); await task; if (taken) _untracked.Exit();")]
    [InlineData("var untracked = new SpinLock(enableThreadOwnerTracking: false); bool taken = false; untracked.Enter(ref taken); await task; untracked.Exit();")]
    [InlineData("_mutex.WaitOne(); Func<Task> later = async () => await task; _mutex.ReleaseMutex();")]
    [InlineData("_mutex.WaitOne(); async Task LaterAsync() => await task; _mutex.ReleaseMutex(); await LaterAsync();")]
    [InlineData("_mutex.WaitOne(); _ = Task.Run(async () => await task); _mutex.ReleaseMutex();")]
    [InlineData("_mutex.WaitOne(); await Task.CompletedTask; await Task.FromResult(1); _mutex.ReleaseMutex();")]
    [InlineData("_mutex.WaitOne(); task.Wait(); _mutex.ReleaseMutex();")]
    [InlineData("var plain = new Mutex(false); await task; plain.ReleaseMutex();")]
    public Task Does_not_flag_semaphores_lock_statements_untracked_spin_locks_or_awaits_that_run_separately(string statements) =>
        Verify.VerifyAnalyzerAsync(Method.Fill(statements));

    [Fact]
    public Task Single_threaded_context_setting_allows_plain_awaits_but_not_ConfigureAwait_false() =>
        Verify.VerifyAnalyzerWithEditorConfigAsync(
            Method.Fill("""
                _mutex.WaitOne(); await task; _mutex.ReleaseMutex();
                        Monitor.Enter(_gate); await task.ConfigureAwait(false); {|ENG005:Monitor.Exit(_gate)|};
                """),
            "engram_single_threaded_sync_context = true");

    [Fact]
    public Task Wpf_projects_resume_plain_awaits_on_the_ui_thread() =>
        Verify.VerifyAnalyzerWithGlobalConfigAsync(
            Method.Fill("_mutex.WaitOne(); await task; _mutex.ReleaseMutex(); _mutex.WaitOne(); await task.ConfigureAwait(false); {|ENG005:_mutex.ReleaseMutex()|};"),
            "build_property.UseWPF = true");

    [Fact]
    public Task Message_names_the_lock_the_acquisition_line_and_the_await() =>
        Verify.VerifyAnalyzerAsync(
            Method.Fill("""
                _rw.EnterWriteLock();
                        await task;
                        {|#0:_rw.ExitWriteLock()|};
                """),
            Verify.Diagnostic("ENG005").WithLocation(0).WithArguments(
                "ReaderWriterLockSlim write lock",
                "_rw",
                18,
                19,
                "Exit*Lock throws SynchronizationLockException on a thread that does not hold the lock; release it before the await, or use a lock any thread may release (SemaphoreSlim)"));

    [Fact]
    public Task Names_the_first_acquisition_and_await_when_several_paths_reach_the_release() =>
        Verify.VerifyAnalyzerAsync(
            Method.Fill("""
                if (flag) { Monitor.Enter(_gate); await task; } else { Monitor.Enter(_gate); await Task.Yield(); }
                        {|#0:Monitor.Exit(_gate)|};
                """),
            Verify.Diagnostic("ENG005").WithLocation(0).WithArguments(
                "Monitor lock",
                "_gate",
                18,
                18,
                "Monitor.Exit throws SynchronizationLockException on a thread that does not own the lock; release it before the await, or guard the section with a SemaphoreSlim (await WaitAsync(), Release() in a finally)"));

    [Theory]
    [InlineData("using (var gil = {|ENG005:Py.GIL()|}) { await task; }")]
    [InlineData("using ({|ENG005:Py.GIL()|}) { Work(); await task; Work(); }")]
    [InlineData("using var gil = {|ENG005:Py.GIL()|}; await task; Work();")]
    [InlineData("var gil = Py.GIL(); await task; {|ENG005:gil.Dispose()|};")]
    [InlineData("var state = PythonEngine.BeginAllowThreads(); await task; {|ENG005:PythonEngine.EndAllowThreads(state)|};")]
    public Task Flags_the_python_gil_held_across_an_await(string statements) =>
        VerifyPythonAsync(PythonMethod.Fill(statements));

    [Theory]
    [InlineData("using (Py.GIL()) { Work(); } await task; using (Py.GIL()) { Work(); }")]
    [InlineData("await task; using var gil = Py.GIL(); Work();")]
    [InlineData("{ using var gil = Py.GIL(); Work(); } await task;")]
    [InlineData("var state = PythonEngine.BeginAllowThreads(); PythonEngine.EndAllowThreads(state); await task;")]
    public Task Does_not_flag_gil_scopes_on_one_side_of_the_await(string statements) =>
        VerifyPythonAsync(PythonMethod.Fill(statements));

    [Fact]
    public Task Flags_user_declared_and_configured_scopes() =>
        Verify.VerifyAnalyzerWithEditorConfigAsync(
            """
            using System;
            using System.Threading.Tasks;

            namespace Acme.Native
            {
                [AttributeUsage(AttributeTargets.Class | AttributeTargets.Interface)]
                sealed class ThreadAffineScopeAttribute : Attribute { }

                [ThreadAffineScope]
                interface INativeScope : IDisposable { }

                sealed class ComApartment : INativeScope { public void Dispose() { } }

                sealed class Transaction : IDisposable
                {
                    public static Transaction Begin() => new Transaction();
                    public void Dispose() { }
                }

                sealed class Plain : IDisposable { public void Dispose() { } }

                static class Worker
                {
                    static async Task RunAsync(Task task)
                    {
                        using (var apartment = {|ENG005:new ComApartment()|})
                        {
                            await task;
                        }

                        var transaction = Transaction.Begin();
                        await task;
                        {|ENG005:transaction.Dispose()|};

                        using (var plain = new Plain())
                        {
                            await task;
                        }

                        using (var apartment = new ComApartment()) { }
                        await task;
                    }
                }
            }
            """,
            "engram_thread_affine_scope_types = Acme.Native.Transaction");

    [Fact]
    public Task Flags_a_dotnet_9_lock_released_after_an_await() =>
        Verify.VerifyAnalyzerAsync("""
            using System.Threading.Tasks;

            namespace System.Threading
            {
                // The .NET 9 type, declared here because the tests compile against .NET 8.
                public sealed class Lock
                {
                    public void Enter() { }
                    public bool TryEnter(int millisecondsTimeout) => true;
                    public void Exit() { }
                }
            }

            public sealed class Counter
            {
                private readonly System.Threading.Lock _lock = new System.Threading.Lock();

                public async Task BumpAsync(Task save)
                {
                    _lock.Enter();
                    await save;
                    {|ENG005:_lock.Exit()|};

                    if (_lock.TryEnter(10))
                    {
                        _lock.Exit();
                    }

                    await save;
                }
            }
            """);

    [Fact]
    public Task Flags_scopes_marked_with_the_runtimes_attribute() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Threading.Tasks;
            using EngramDb.Threading;

            [ThreadAffineScope]
            public sealed class NativeCursor : IDisposable
            {
                public static NativeCursor Open() => new NativeCursor();

                public void Dispose() { }
            }

            public static class Reader
            {
                public static async Task ReadAsync(Task more)
                {
                    using var cursor = {|ENG005:NativeCursor.Open()|};
                    await more;
                }
            }
            """);

    [Fact]
    public async Task Flags_scopes_a_referenced_library_marks_whatever_the_code_calls_them()
    {
        // The library marks its type with the runtime's attribute; the consuming code names neither the attribute nor
        // any lock method, so only the library's metadata tells that Begin() opens a thread-affine scope.
        var library = (await AnalyzerRunner.CreateCompilationAsync(referenceRuntime: true, """
            using System;
            using EngramDb.Threading;

            namespace Acme.Storage
            {
                [ThreadAffineScope]
                public sealed class Session : IDisposable
                {
                    public static Session Begin() => new Session();

                    public void Dispose() { }
                }
            }
            """)).WithAssemblyName("Acme.Storage");
        var consumer = (await AnalyzerRunner.CreateCompilationAsync(referenceRuntime: true, """
            using System.Threading.Tasks;
            using Acme.Storage;

            public static class Importer
            {
                public static async Task ImportAsync(Task more)
                {
                    using var session = Session.Begin();
                    await more;
                }
            }
            """)).AddReferences(library.ToMetadataReference());

        var outcome = await AnalyzerRunner.RunAsync(consumer, ImmutableArray.Create<DiagnosticAnalyzer>(new ScopeHeldAcrossAwaitAnalyzer()));

        Assert.Empty(outcome.AnalyzerExceptions);
        var diagnostic = Assert.Single(outcome.Diagnostics);
        Assert.Equal("ENG005", diagnostic.Id);
        Assert.Equal(
            "Thread-affine scope Acme.Storage.Session 'session' acquired on line 8 is released after the await on line 9, which may resume on another thread: "
                + "the scope must be disposed on the thread that created it; end it before the await and open a new one after it",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public Task A_mutex_guarding_a_file_in_an_async_method_is_flagged() =>
        Verify.VerifyAnalyzerAsync("""
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class SettingsStore
            {
                private static readonly Mutex FileLock = new Mutex(false, "Global\\contoso-settings");
                private readonly string _path;

                public SettingsStore(string path) => _path = path;

                public async Task SaveAsync(string json)
                {
                    FileLock.WaitOne();
                    try
                    {
                        await File.WriteAllTextAsync(_path + ".tmp", json);
                        File.Move(_path + ".tmp", _path, overwrite: true);
                    }
                    finally
                    {
                        {|ENG005:FileLock.ReleaseMutex()|};
                    }
                }
            }
            """);

    [Fact]
    public Task A_mutex_guarding_a_file_with_synchronous_io_inside_the_lock_is_not_flagged() =>
        Verify.VerifyAnalyzerAsync("""
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class SettingsStore
            {
                private static readonly Mutex FileLock = new Mutex(false, "Global\\contoso-settings");
                private readonly string _path;

                public SettingsStore(string path) => _path = path;

                public async Task SaveAsync(string json)
                {
                    var formatted = await Task.Run(() => json.Trim());
                    FileLock.WaitOne();
                    try
                    {
                        File.WriteAllText(_path + ".tmp", formatted);
                        File.Move(_path + ".tmp", _path, overwrite: true);
                    }
                    finally
                    {
                        FileLock.ReleaseMutex();
                    }

                    await Task.Delay(10);
                }
            }
            """);

    [Fact]
    public Task A_gil_scope_spanning_an_await_in_a_web_handler_is_flagged() =>
        VerifyPythonAsync("""
            using System.Net.Http;
            using System.Threading.Tasks;
            using Python.Runtime;

            public sealed class SummaryHandler
            {
                private readonly HttpClient _http = new HttpClient();

                public async Task<string> HandleAsync(string url)
                {
                    using ({|ENG005:Py.GIL()|})
                    {
                        dynamic summarizer = Py.Import("summarizer");
                        var page = await _http.GetStringAsync(url);
                        return (string)summarizer.summarize(page);
                    }
                }
            }
            """);

    [Fact]
    public Task A_gil_scope_taken_after_the_await_in_a_web_handler_is_not_flagged() =>
        VerifyPythonAsync("""
            using System.Net.Http;
            using System.Threading.Tasks;
            using Python.Runtime;

            public sealed class SummaryHandler
            {
                private readonly HttpClient _http = new HttpClient();

                public async Task<string> HandleAsync(string url)
                {
                    var page = await _http.GetStringAsync(url);
                    using (Py.GIL())
                    {
                        dynamic summarizer = Py.Import("summarizer");
                        return (string)summarizer.summarize(page);
                    }
                }
            }
            """);

    [Fact]
    public Task A_reader_writer_lock_held_while_a_cache_service_loads_is_flagged() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class PriceCache
            {
                private readonly ReaderWriterLockSlim _lock = new ReaderWriterLockSlim();
                private readonly Dictionary<string, decimal> _prices = new Dictionary<string, decimal>();
                private readonly Func<string, Task<decimal>> _load;

                public PriceCache(Func<string, Task<decimal>> load) => _load = load;

                public async Task<decimal> GetAsync(string sku)
                {
                    _lock.EnterUpgradeableReadLock();
                    try
                    {
                        if (_prices.TryGetValue(sku, out var cached))
                        {
                            return cached;
                        }

                        var loaded = await _load(sku);
                        _lock.EnterWriteLock();
                        try
                        {
                            _prices[sku] = loaded;
                        }
                        finally
                        {
                            _lock.ExitWriteLock();
                        }

                        return loaded;
                    }
                    finally
                    {
                        {|ENG005:_lock.ExitUpgradeableReadLock()|};
                    }
                }
            }
            """);

    [Fact]
    public Task A_cache_service_that_loads_outside_the_lock_is_not_flagged() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class PriceCache
            {
                private readonly ReaderWriterLockSlim _lock = new ReaderWriterLockSlim();
                private readonly Dictionary<string, decimal> _prices = new Dictionary<string, decimal>();
                private readonly Func<string, Task<decimal>> _load;

                public PriceCache(Func<string, Task<decimal>> load) => _load = load;

                public async Task<decimal> GetAsync(string sku)
                {
                    _lock.EnterReadLock();
                    try
                    {
                        if (_prices.TryGetValue(sku, out var cached))
                        {
                            return cached;
                        }
                    }
                    finally
                    {
                        _lock.ExitReadLock();
                    }

                    var loaded = await _load(sku);
                    _lock.EnterWriteLock();
                    try
                    {
                        _prices[sku] = loaded;
                    }
                    finally
                    {
                        _lock.ExitWriteLock();
                    }

                    return loaded;
                }
            }
            """);

    private static Task VerifyPythonAsync(string source)
    {
        var test = new Verify.Test { TestCode = source };
        test.TestState.AdditionalReferences.Add(EngramTestSetup.PythonRuntimeReference);
        return test.RunAsync(CancellationToken.None);
    }
}
