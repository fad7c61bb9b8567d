using System.Threading.Tasks;
using Engram.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = Engram.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Engram.Analyzers.Rules.CapturedByOtherThreadAnalyzer,
    Engram.Analyzers.CodeFixes.CapturedByOtherThreadFixer>;

namespace Engram.Analyzers.Tests;

public sealed class CapturedByOtherThreadFixerTests
{
    [Fact]
    public Task Handle_opened_on_a_literal_path_becomes_the_threads_handle_for_that_path() =>
        Verify.VerifyCodeFixAsync(
            """
            using System.Threading.Tasks;
            using EngramDb;

            class C
            {
                void M()
                {
                    var db = Database.FileBased("store");
                    Task.Run(() => {|ENG001:db|}.ClearAll());
                }
            }
            """,
            """
            using System.Threading.Tasks;
            using EngramDb;

            class C
            {
                void M()
                {
                    var db = Database.FileBased("store");
                    Task.Run(() => EngramThreadSafe.GetThreadSafeContext("store").Db.ClearAll());
                }
            }
            """);

    [Fact]
    public Task Path_kept_in_a_local_that_is_never_reassigned_is_reused() =>
        Verify.VerifyCodeFixAsync(
            """
            using System.Threading.Tasks;
            using EngramDb;

            class C
            {
                void M(string[] args)
                {
                    string path = args.Length > 0 ? args[0] : "notes";
                    using var db = Database.FileBased(path);
                    Parallel.For(0, 4, i => {|ENG001:db|}.Save(new MemoryNode(new[] { (float)i })));
                }
            }
            """,
            """
            using System.Threading.Tasks;
            using EngramDb;

            class C
            {
                void M(string[] args)
                {
                    string path = args.Length > 0 ? args[0] : "notes";
                    using var db = Database.FileBased(path);
                    Parallel.For(0, 4, i => EngramThreadSafe.GetThreadSafeContext(path).Db.Save(new MemoryNode(new[] { (float)i })));
                }
            }
            """);

    [Fact]
    public Task Path_given_as_a_parameter_constant_or_static_readonly_field_is_reused() =>
        Verify.VerifyCodeFixAsync(
            """
            using System.Threading;
            using EngramDb;

            class C
            {
                const string Notes = "notes";
                static readonly string Audit = System.IO.Path.Combine("data", "audit");

                void M(string path)
                {
                    var byParameter = Database.FileBased(path);
                    var byConstant = Database.FileBased(Notes);
                    var byStaticField = Database.FileBased(C.Audit);
                    new Thread(() =>
                    {
                        {|ENG001:byParameter|}.ClearAll();
                        {|ENG001:byConstant|}.ClearAll();
                        {|ENG001:byStaticField|}.ClearAll();
                    }).Start();
                }
            }
            """,
            """
            using System.Threading;
            using EngramDb;

            class C
            {
                const string Notes = "notes";
                static readonly string Audit = System.IO.Path.Combine("data", "audit");

                void M(string path)
                {
                    var byParameter = Database.FileBased(path);
                    var byConstant = Database.FileBased(Notes);
                    var byStaticField = Database.FileBased(C.Audit);
                    new Thread(() =>
                    {
                        EngramThreadSafe.GetThreadSafeContext(path).Db.ClearAll();
                        EngramThreadSafe.GetThreadSafeContext(Notes).Db.ClearAll();
                        EngramThreadSafe.GetThreadSafeContext(C.Audit).Db.ClearAll();
                    }).Start();
                }
            }
            """);

    [Fact]
    public Task Handle_taken_from_a_context_becomes_that_contexts_Db() =>
        Verify.VerifyCodeFixAsync(
            """
            using System.Threading.Tasks;
            using EngramDb;

            class C
            {
                void M(ThreadSafeAgentContext ctx)
                {
                    var db = ctx.Db;
                    Task.Run(() => {|ENG001:db|}.ListAll());
                }
            }
            """,
            """
            using System.Threading.Tasks;
            using EngramDb;

            class C
            {
                void M(ThreadSafeAgentContext ctx)
                {
                    var db = ctx.Db;
                    Task.Run(() => ctx.Db.ListAll());
                }
            }
            """);

    [Fact]
    public Task Handle_taken_from_a_new_context_keeps_only_the_path_of_that_call() =>
        Verify.VerifyCodeFixAsync(
            """
            using System.Threading.Tasks;
            using EngramDb;

            class C
            {
                void M()
                {
                    var db = EngramThreadSafe.GetThreadSafeContext("store", chatId: "chat-1").Db;
                    var fallback = EngramThreadSafe.GetThreadSafeContext().Db;
                    Task.Run(() => {|ENG001:db|}.ListAll().Count + {|ENG001:fallback|}.ListAll().Count);
                }
            }
            """,
            """
            using System.Threading.Tasks;
            using EngramDb;

            class C
            {
                void M()
                {
                    var db = EngramThreadSafe.GetThreadSafeContext("store", chatId: "chat-1").Db;
                    var fallback = EngramThreadSafe.GetThreadSafeContext().Db;
                    Task.Run(() => EngramThreadSafe.GetThreadSafeContext("store").Db.ListAll().Count + EngramThreadSafe.GetThreadSafeContext().Db.ListAll().Count);
                }
            }
            """);

    [Fact]
    public Task Readonly_field_handle_is_replaced_with_and_without_this() =>
        Verify.VerifyCodeFixAsync(
            """
            using System.Threading.Tasks;
            using EngramDb;

            class C
            {
                private const string StorePath = "store";
                private readonly Database _db = Database.FileBased(StorePath);

                Task M() => Task.Run(() => { {|ENG001:_db|}.ClearAll(); {|ENG001:this._db|}.ClearAll(); });
            }
            """,
            """
            using System.Threading.Tasks;
            using EngramDb;

            class C
            {
                private const string StorePath = "store";
                private readonly Database _db = Database.FileBased(StorePath);

                Task M() => Task.Run(() => { EngramThreadSafe.GetThreadSafeContext(StorePath).Db.ClearAll(); EngramThreadSafe.GetThreadSafeContext(StorePath).Db.ClearAll(); });
            }
            """);

    [Fact]
    public Task Comments_and_layout_around_the_handle_are_kept() =>
        Verify.VerifyCodeFixAsync(
            """
            using System.Threading.Tasks;
            using EngramDb;

            class C
            {
                void M()
                {
                    var db = Database.FileBased("store"); // the main thread's handle
                    Task.Run(() =>
                    {
                        // count what is stored
                        var count = /* before */ {|ENG001:db|} /* after */
                            .ListAll()
                            .Count;
                        return count;
                    });
                }
            }
            """,
            """
            using System.Threading.Tasks;
            using EngramDb;

            class C
            {
                void M()
                {
                    var db = Database.FileBased("store"); // the main thread's handle
                    Task.Run(() =>
                    {
                        // count what is stored
                        var count = /* before */ EngramThreadSafe.GetThreadSafeContext("store").Db /* after */
                            .ListAll()
                            .Count;
                        return count;
                    });
                }
            }
            """);

    [Fact]
    public Task Using_directive_for_EngramDb_is_added_when_the_code_names_it_in_full() =>
        Verify.VerifyCodeFixAsync(
            """
            using System.Threading.Tasks;

            namespace App;

            class C
            {
                void M()
                {
                    var db = EngramDb.Database.FileBased("store");
                    Task.Run(() => {|ENG001:db|}.ClearAll());
                }
            }
            """,
            """
            using System.Threading.Tasks;
            using EngramDb;

            namespace App;

            class C
            {
                void M()
                {
                    var db = EngramDb.Database.FileBased("store");
                    Task.Run(() => EngramThreadSafe.GetThreadSafeContext("store").Db.ClearAll());
                }
            }
            """);

    [Fact]
    public Task Fix_all_replaces_every_capture_in_every_document()
    {
        const string Worker = """
            using System.Threading.Tasks;
            using EngramDb;

            class Worker
            {
                void Run(string path)
                {
                    var db = Database.FileBased(path);
                    Task.Run(() => {|ENG001:db|}.ClearAll());
                    Task.Factory.StartNew(() => {|ENG001:db|}.ListAll().Count + {|ENG001:db|}.ListAll().Count);
                }
            }
            """;
        const string Reporter = """
            using System.Threading;
            using EngramDb;

            class Reporter
            {
                private readonly ThreadSafeAgentContext _ctx = EngramThreadSafe.GetThreadSafeContext("reports");

                void Report()
                {
                    var db = _ctx.Db;
                    ThreadPool.QueueUserWorkItem(_ => {|ENG001:db|}.ListAll());
                }
            }
            """;
        const string FixedWorker = """
            using System.Threading.Tasks;
            using EngramDb;

            class Worker
            {
                void Run(string path)
                {
                    var db = Database.FileBased(path);
                    Task.Run(() => EngramThreadSafe.GetThreadSafeContext(path).Db.ClearAll());
                    Task.Factory.StartNew(() => EngramThreadSafe.GetThreadSafeContext(path).Db.ListAll().Count + EngramThreadSafe.GetThreadSafeContext(path).Db.ListAll().Count);
                }
            }
            """;
        const string FixedReporter = """
            using System.Threading;
            using EngramDb;

            class Reporter
            {
                private readonly ThreadSafeAgentContext _ctx = EngramThreadSafe.GetThreadSafeContext("reports");

                void Report()
                {
                    var db = _ctx.Db;
                    ThreadPool.QueueUserWorkItem(_ => _ctx.Db.ListAll());
                }
            }
            """;
        var test = new Verify.Test();
        test.TestState.Sources.Add(Worker);
        test.TestState.Sources.Add(Reporter);
        test.FixedState.Sources.Add(FixedWorker);
        test.FixedState.Sources.Add(FixedReporter);
        return test.RunAsync();
    }

    [Theory]
    // In memory: a per-thread handle would be a different, empty store.
    [InlineData("var db = Database.InMemory();")]
    // The path comes from a call, which may give another path (or have effects) when called again.
    [InlineData("var db = Database.FileBased(NextPath());")]
    [InlineData("var path = \"a\"; path = \"b\"; var db = Database.FileBased(path);")]
    [InlineData("var db = Database.FileBased(_mutablePath);")]
    [InlineData("var db = Database.FileBased(\"a\"); db = Database.FileBased(\"b\");")]
    // Assigned after its declaration: the creation that reaches the delegate is not the visible one.
    [InlineData("Database db; db = Database.FileBased(\"a\");")]
    [InlineData("var context = ctx; context = EngramThreadSafe.GetThreadSafeContext(\"b\"); var db = context.Db;")]
    public Task No_fix_when_the_handle_has_no_visible_creation_that_can_be_repeated(string declarations)
    {
        var source = $$"""
            using System.Threading.Tasks;
            using EngramDb;

            class C
            {
                private string _mutablePath = "store";

                static string NextPath() => System.Guid.NewGuid().ToString();

                void M(ThreadSafeAgentContext ctx)
                {
                    {{declarations}}
                    Task.Run(() => {|ENG001:db|}.ClearAll());
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, source);
    }

    [Fact]
    public Task No_fix_for_a_handle_received_as_a_parameter()
    {
        const string Source = """
            using System.Threading.Tasks;
            using EngramDb;

            class C
            {
                Task M(Database db) => Task.Run(() => {|ENG001:db|}.ClearAll());
            }
            """;
        return Verify.VerifyCodeFixAsync(Source, Source);
    }

    [Fact]
    public Task No_fix_for_a_method_group_receiver_which_is_evaluated_on_the_calling_thread()
    {
        const string Source = """
            using System.Threading.Tasks;
            using EngramDb;

            class C
            {
                Task M()
                {
                    var db = Database.FileBased("store");
                    return Task.Run({|ENG001:db|}.ClearAll);
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(Source, Source);
    }

    [Fact]
    public Task No_fix_for_a_method_group_whose_method_uses_a_field_since_the_method_may_run_on_the_owner_thread_too()
    {
        // Rewriting Save would change it for its callers on the owner thread as well; the diagnostic stands alone.
        const string Source = """
            using System.Threading.Tasks;
            using EngramDb;

            class C
            {
                private readonly Database _db = Database.FileBased("store");

                void Save() => {|#1:_db|}.ClearAll();

                Task M() => Task.Run({|#0:Save|});
            }
            """;
        return Verify.VerifyCodeFixAsync(
            Source,
            Source,
            Verify.Diagnostic("ENG001").WithLocation(0).WithLocation(1).WithArguments("_db", "EngramDb.Database", "", "captured by a delegate passed to 'Task.Run', which runs on another thread"));
    }

    // The diagnostic sits in the lambda, outside the sink call whose analysis reports it, which the testing library
    // calls non-local (builds and dotnet format fix it like any other; see docs/rules/ENG001.md).
    [Fact]
    public Task Lambda_kept_in_a_local_and_given_to_a_sink_uses_the_threads_handle() =>
        new Verify.Test
        {
            CodeFixTestBehaviors = CodeFixTestBehaviors.SkipLocalDiagnosticCheck,
            TestCode = """
            using System;
            using System.Threading.Tasks;
            using EngramDb;

            class C
            {
                Task M()
                {
                    var db = Database.FileBased("store");
                    Func<Task> work = async () =>
                    {
                        await Task.Yield();
                        {|ENG001:db|}.ClearAll();
                    };
                    return Task.Run(work);
                }
            }
            """,
            FixedCode = """
            using System;
            using System.Threading.Tasks;
            using EngramDb;

            class C
            {
                Task M()
                {
                    var db = Database.FileBased("store");
                    Func<Task> work = async () =>
                    {
                        await Task.Yield();
                        EngramThreadSafe.GetThreadSafeContext("store").Db.ClearAll();
                    };
                    return Task.Run(work);
                }
            }
            """,
        }.RunAsync();

    [Fact]
    public Task Disposing_the_handle_in_the_delegate_is_not_a_use_and_the_other_uses_are_fixed()
    {
        var test = new Verify.Test
        {
            TestCode = """
                using System.Threading.Tasks;
                using EngramDb;

                class C
                {
                    Task M()
                    {
                        var db = Database.FileBased("store");
                        return Task.Run(() =>
                        {
                            {|ENG001:db|}.ClearAll();
                            db.Dispose();
                        });
                    }
                }
                """,
            FixedCode = """
                using System.Threading.Tasks;
                using EngramDb;

                class C
                {
                    Task M()
                    {
                        var db = Database.FileBased("store");
                        return Task.Run(() =>
                        {
                            EngramThreadSafe.GetThreadSafeContext("store").Db.ClearAll();
                            db.Dispose();
                        });
                    }
                }
                """,
        };
        return test.RunAsync();
    }

    [Fact]
    public Task No_fix_for_a_configured_third_party_type_without_a_known_factory()
    {
        const string Source = """
            using System.Threading.Tasks;

            namespace Vendor
            {
                public sealed class Connection
                {
                    public static Connection Open(string path) => new Connection();
                    public void Ping() { }
                }
            }

            class C
            {
                void M()
                {
                    var connection = Vendor.Connection.Open("store");
                    Task.Run(() => {|ENG001:connection|}.Ping());
                }
            }
            """;
        var test = new Verify.Test { TestCode = Source, FixedCode = Source };
        test.TestState.AddEditorConfig("engram_thread_affine_types = Vendor.Connection");
        return test.RunAsync();
    }
}
