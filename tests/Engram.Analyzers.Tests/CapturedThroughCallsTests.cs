using System.Threading.Tasks;
using Engram.Analyzers.Tests.TestSupport;
using Xunit;
using Verify = Engram.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<Engram.Analyzers.Rules.CapturedByOtherThreadAnalyzer>;

namespace Engram.Analyzers.Tests;

/// <summary>
/// ENG001 follows the calls a delegate run elsewhere makes to methods of its own instance, to any depth, and treats
/// helpers that hand a delegate parameter to another thread as sinks.
/// </summary>
public sealed class CapturedThroughCallsTests
{
    // A service holding a handle; HOLE is a member that starts work elsewhere.
    private static readonly CodeTemplate Service = new("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using EngramDb;

        class IngestService
        {
            private readonly Database _db = Database.FileBased("ingest.engramdb");
            private readonly string _path = "ingest.engramdb";
            private int _pending;

            void Drain() => Flush();

            void Flush() => {|#9:_db|}.ClearAll();

            void Recurse(int depth) { if (depth > 0) { Recurse(depth - 1); } else { _db.ListAll(); } }

            void PingPongA(int n) { if (n > 0) { PingPongB(n - 1); } }

            void PingPongB(int n) { if (n > 0) { PingPongA(n - 1); } else { _db.ListAll(); } }

            int Count => _db.ListAll().Count;

            void Log() => Console.WriteLine(_pending);

            void OwnHandle() => EngramThreadSafe.GetThreadSafeContext(_path).Db.ClearAll();

            void Spawn() => Task.Run(() => {|ENG001:_db|}.ClearAll());

            static void Describe(IngestService service) => Console.WriteLine(service);

            HOLE
        }
        """);

    [Theory]
    [InlineData("Task Run() => Task.Run(() => {|ENG001:Drain()|});")]
    [InlineData("Task Run() => Task.Run(() => {|ENG001:this.Drain()|});")]
    [InlineData("Task Run() => Task.Run(() => {|ENG001:Recurse(3)|});")]
    [InlineData("Task Run() => Task.Run(() => {|ENG001:PingPongA(3)|});")]
    [InlineData("Task Run() => Task.Run(() => {|ENG001:Count|});")]
    [InlineData("Task Run() => Task.Run(() => { Log(); {|ENG001:Flush()|}; });")]
    [InlineData("Task Run() => Task.Run(() => Describe({|ENG001:this|}));")]
    [InlineData("Task Run() => Task.Run({|ENG001:Drain|});")]
    [InlineData("void Run() => new Thread(() => {|ENG001:Drain()|}).Start();")]
    public Task Flags_calls_that_reach_affine_state_of_this(string member) =>
        Verify.VerifyAnalyzerAsync(Service.Fill(member).Replace("{|#9:_db|}", "_db"));

    [Theory]
    [InlineData("Task Run() => Task.Run(() => Log());")]
    [InlineData("Task Run() => Task.Run(() => OwnHandle());")]
    [InlineData("Task Run() => Task.Run(Log);")]
    [InlineData("Task Run() => Task.Run(() => Interlocked.Increment(ref _pending));")]
    // The Task.Run inside Spawn is reported there, against its own delegate.
    [InlineData("Task Run() => Task.Run(() => Spawn());")]
    public Task Does_not_flag_calls_that_leave_the_handle_alone(string member) =>
        Verify.VerifyAnalyzerAsync(Service.Fill(member).Replace("{|#9:_db|}", "_db"));

    // The state a called method reaches may sit in a base type, a primary-constructor parameter or a lambda kept in a
    // field: the methods of such types are summarized; those of types that hold nothing affine are not.
    [Theory]
    [InlineData("""
        abstract class StoreBase { protected readonly Database Db = Database.InMemory(); }
        class Ingest : StoreBase { void Drain() => Db.ClearAll(); Task Run() => Task.Run(() => {|ENG001:Drain()|}); }
        """)]
    [InlineData("""
        class Ingest(Database db) { void Drain() => db.ClearAll(); Task Run() => Task.Run(() => {|ENG001:Drain()|}); }
        """)]
    [InlineData("""
        class Ingest
        {
            private readonly Action _drain;
            public Ingest() { var db = Database.InMemory(); _drain = () => db.ClearAll(); }
            void Drain() => _drain();
            Task Run() => Task.Run(() => {|ENG001:Drain()|});
        }
        """)]
    public Task Flags_calls_that_reach_affine_state_kept_in_a_base_type_a_primary_constructor_or_a_stored_lambda(string types) =>
        Verify.VerifyAnalyzerAsync(CallsInTypes(types));

    [Theory]
    [InlineData("""
        class Ingest(ThreadSafeAgentContext context) { void Drain() => context.Db.ClearAll(); Task Run() => Task.Run(() => Drain()); }
        """)]
    [InlineData("""
        abstract class StoreBase { protected readonly string Path = "ingest.engramdb"; }
        class Ingest : StoreBase { void Drain() => EngramThreadSafe.GetThreadSafeContext(Path).Db.ClearAll(); Task Run() => Task.Run(() => Drain()); }
        """)]
    [InlineData("""
        class Ingest
        {
            private readonly Action _log = () => Console.WriteLine("drained");
            void Drain() => _log();
            Task Run() => Task.Run(() => Drain());
        }
        """)]
    public Task Does_not_flag_calls_on_types_whose_state_holds_nothing_affine(string types) =>
        Verify.VerifyAnalyzerAsync(CallsInTypes(types));

    [Fact]
    public Task Message_names_the_path_and_points_at_the_use() =>
        Verify.VerifyAnalyzerAsync(
            Service.Fill("Task Run() => Task.Run(() => {|#0:Drain()|});"),
            Verify.Diagnostic("ENG001").WithLocation(0).WithLocation(9).WithArguments(
                "_db", "EngramDb.Database", "", "captured through 'Drain' -> 'Flush' by a delegate passed to 'Task.Run', which runs on another thread"));

    [Theory]
    [InlineData("static void AndForget(Action work) => Task.Run(work);", "AndForget(() => {|ENG001:db|}.ClearAll());")]
    [InlineData("static void Safely(Action work) => Task.Run(() => { try { work(); } catch (Exception) { } });", "Safely(() => {|ENG001:db|}.ClearAll());")]
    [InlineData("static void Later(Action work) => ThreadPool.QueueUserWorkItem(_ => work());", "Later(() => {|ENG001:db|}.ClearAll());")]
    [InlineData("static void Outer(Action work) => Inner(work); internal static void Inner(Action work) => new Thread(() => work()).Start();", "Outer(() => {|ENG001:db|}.ClearAll());")]
    [InlineData("static void Retry(int times, Func<Task> work) { Task.Run(work); }", "Retry(3, async () => { await Task.Yield(); {|ENG001:db|}.ClearAll(); });")]
    [InlineData("static void Looping(Action work, int n) { if (n > 0) { Looping(work, n - 1); } else { Task.Run(work); } }", "Looping(() => {|ENG001:db|}.ClearAll(), 2);")]
    // Called, but inside a lambda the helper hands over.
    [InlineData("static void Soon(Action? work) => Task.Run(() => work?.Invoke());", "Soon(() => {|ENG001:db|}.ClearAll());")]
    [InlineData("static void Wrapped(Action work) { Action wrapper = () => work(); Task.Run(wrapper); }", "Wrapped(() => {|ENG001:db|}.ClearAll());")]
    // Called here, but the delegate it returns is handed over: as an argument, or as the receiver of a helper extension.
    [InlineData("static void Built(Func<Action> make) => Task.Run(make());", "Built(() => () => {|ENG001:db|}.ClearAll());")]
    [InlineData("static void Fire(this Action work) => Task.Run(work); internal static void Made(Func<Action> make) => make().Fire();", "Made(() => () => {|ENG001:db|}.ClearAll());")]
    public Task Flags_delegates_given_to_helpers_that_hand_them_to_another_thread(string helper, string call) =>
        Verify.VerifyAnalyzerAsync(Helpers(helper, call));

    [Theory]
    [InlineData("static void Now(Action work) => work();", "Now(() => db.ClearAll());")]
    [InlineData("static void Twice(Action work) { work(); work(); }", "Twice(() => db.ClearAll());")]
    [InlineData("static void Explicitly(Action work) => work.Invoke();", "Explicitly(() => db.ClearAll());")]
    [InlineData("static void Maybe(Action? work) { work?.Invoke(); }", "Maybe(() => db.ClearAll());")]
    [InlineData("static void Background(Action work, Action done) { Task.Run(work); done(); }", "Background(() => { }, () => db.ClearAll());")]
    [InlineData("static void Recursive(Action work, int n) { if (n > 0) { Recursive(work, n - 1); } else { work(); } }", "Recursive(() => db.ClearAll(), 2);")]
    public Task Does_not_flag_delegates_given_to_helpers_that_run_them_on_the_calling_thread(string helper, string call) =>
        Verify.VerifyAnalyzerAsync(Helpers(helper, call));

    [Fact]
    public Task A_queue_that_starts_each_job_on_the_thread_pool_is_a_sink() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Threading;
            using EngramDb;

            public sealed class JobQueue
            {
                public void Enqueue(Action job) => ThreadPool.QueueUserWorkItem(static state => ((Action)state!).Invoke(), job);
            }

            class Importer
            {
                void Import(JobQueue queue)
                {
                    var db = Database.FileBased("import.engramdb");
                    queue.Enqueue(() => {|ENG001:db|}.ClearAll());
                }
            }
            """);

    private static string CallsInTypes(string types) => $$"""
        using System;
        using System.Threading.Tasks;
        using EngramDb;

        {{types}}
        """;

    private static string Helpers(string helper, string call) => $$"""
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using EngramDb;

        static class Helpers
        {
            internal {{helper}}
        }

        class Worker
        {
            void Run()
            {
                var db = Database.FileBased("store");
                Helpers.{{call}}
            }
        }
        """;
}
