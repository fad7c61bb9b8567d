using System.Threading.Tasks;
using Engram.Analyzers.Tests.TestSupport;
using Xunit;
using Verify = Engram.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<Engram.Analyzers.Rules.CapturedByOtherThreadAnalyzer>;

namespace Engram.Analyzers.Tests;

/// <summary>
/// The less obvious ways work reaches another thread: events and callbacks raised on the pool, tasks started later,
/// state handed to a callback, handle caches, lambdas kept in fields, deferred queries, hosted services.
/// </summary>
public sealed class OtherThreadEntryPointTests
{
    private static readonly CodeTemplate Method = CodeTemplate.HandlesInMethod;

    [Theory]
    [InlineData("var watcher = new System.IO.FileSystemWatcher(\".\"); watcher.Changed += (sender, e) => {|ENG001:db|}.ClearAll();")]
    [InlineData("var watcher = new System.IO.FileSystemWatcher(\".\"); watcher.Renamed += (sender, e) => {|ENG001:db|}.ClearAll();")]
    [InlineData("using var cts = new CancellationTokenSource(); cts.Token.Register(() => {|ENG001:db|}.ClearAll());")]
    [InlineData("using var cts = new CancellationTokenSource(); cts.Token.UnsafeRegister(_ => {|ENG001:db|}.ClearAll(), null);")]
    [InlineData("var later = new Task(() => {|ENG001:db|}.ClearAll()); later.Start();")]
    [InlineData("var later = new Task<int>(() => {|ENG001:db|}.ListAll().Count); later.Start();")]
    [InlineData("using var signal = new ManualResetEvent(false); ThreadPool.RegisterWaitForSingleObject(signal, (state, timedOut) => {|ENG001:db|}.ClearAll(), null, -1, true);")]
    public Task Flags_handles_captured_by_callbacks_raised_on_other_threads(string statements) =>
        Verify.VerifyAnalyzerAsync(Method.Fill(statements));

    [Theory]
    [InlineData("ThreadPool.QueueUserWorkItem(state => ((Database)state!).ClearAll(), {|ENG001:db|});")]
    [InlineData("new Thread(state => ((Database)state!).ClearAll()).Start({|ENG001:db|});")]
    [InlineData("Task.Factory.StartNew(state => ((Database)state!).ClearAll(), {|ENG001:db|});")]
    [InlineData("new System.Threading.Timer(state => ((Database)state!).ClearAll(), {|ENG001:db|}, 0, 1000);")]
    [InlineData("task.ContinueWith((previous, state) => ((Database)state!).ClearAll(), {|ENG001:db|});")]
    [InlineData("var handles = new List<Database> { db }; Parallel.ForEach({|ENG001:handles|}, handle => handle.ClearAll());")]
    public Task Flags_handles_handed_to_a_callback_as_its_state(string statements) =>
        Verify.VerifyAnalyzerAsync(Method.Fill(statements));

    [Theory]
    [InlineData("var handles = new List<Database> { db }; Task.Run(() => {|ENG001:handles|}[0].ClearAll());")]
    [InlineData("var byPath = new System.Collections.Concurrent.ConcurrentDictionary<string, Database>(); Task.Run(() => {|ENG001:byPath|}.GetOrAdd(\"a\", _ => Database.InMemory()).ClearAll());")]
    [InlineData("var lazy = new Lazy<Database>(Database.InMemory); Task.Run(() => {|ENG001:lazy|}.Value.ClearAll());")]
    [InlineData("var all = new[] { db }; Task.Run(() => {|ENG001:all|}[0].ClearAll());")]
    [InlineData("object boxed = db; Task.Run(() => ((Database){|ENG001:boxed|}).ClearAll());")]
    public Task Flags_handle_caches_and_converted_handles_like_the_handle(string statements) =>
        Verify.VerifyAnalyzerAsync(Method.Fill(statements));

    [Theory]
    [InlineData("var ids = items.Select(item => {|#1:db|}.ListAll()[item]); Task.Run(() => {|#0:ids|}.ToList());", "ids")]
    [InlineData("var counts = from item in items where item > 0 select {|#1:db|}.ListAll().Count; Task.Run(() => {|#0:counts|}.Sum());", "counts")]
    [InlineData("Action work = () => {|#1:db|}.ClearAll(); Task.Run(() => {|#0:work|}());", "work")]
    public Task Flags_deferred_queries_and_delegates_run_by_the_other_thread(string statements, string through) =>
        Verify.VerifyAnalyzerAsync(
            Method.Fill(statements),
            Verify.Diagnostic("ENG001").WithLocation(0).WithLocation(1).WithArguments(
                "db", "EngramDb.Database", "", $"captured through '{through}' by a delegate passed to 'Task.Run', which runs on another thread"));

    [Theory]
    [InlineData("Task.Run(() => db.Dispose());")]
    [InlineData("var old = db; Task.Run(() => { using (old) { } });")]
    [InlineData("var ids = items.Select(item => db.ListAll()[item]).ToList(); Task.Run(() => ids.Count);")]
    [InlineData("var counts = items.Select(item => item * 2); Task.Run(() => counts.Sum());")]
    [InlineData("ThreadPool.QueueUserWorkItem(state => ((int)state!).ToString(), 42);")]
    [InlineData("var handles = new ThreadLocal<Database>(Database.InMemory); Parallel.For(0, 4, i => handles.Value!.ClearAll());")]
    [InlineData("using var cts = new CancellationTokenSource(); cts.Token.Register(() => EngramThreadSafe.GetThreadSafeContext().Db.ClearAll());")]
    public Task Does_not_flag_disposal_materialized_results_or_values_that_hold_no_handle(string statements) =>
        Verify.VerifyAnalyzerAsync(Method.Fill(statements));

    [Fact]
    public Task Flags_lambdas_kept_in_a_field_and_run_elsewhere() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Threading.Tasks;
            using EngramDb;

            class Scheduler
            {
                private Action? _work;
                private Action _idle = () => { };

                public void Prepare(Database db) => _work = () => {|#1:db|}.ClearAll();

                public Task Start() => Task.Run({|#0:_work|}!);

                public Task Invoke() => Task.Run(() => {|#2:_work|}!());

                public Task Idle() => Task.Run(_idle);
            }
            """,
            Verify.Diagnostic("ENG001").WithLocation(0).WithLocation(1).WithArguments(
                "db", "EngramDb.Database", "", "captured through '_work' by a delegate passed to 'Task.Run', which runs on another thread"),
            Verify.Diagnostic("ENG001").WithLocation(2).WithLocation(1).WithArguments(
                "db", "EngramDb.Database", "", "captured through '_work' by a delegate passed to 'Task.Run', which runs on another thread"));
}
