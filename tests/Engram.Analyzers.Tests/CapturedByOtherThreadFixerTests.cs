using System.Threading.Tasks;
using Engram.Analyzers.Tests.TestSupport;
using Engram.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = Engram.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Engram.Analyzers.Rules.CapturedByOtherThreadAnalyzer,
    Engram.Analyzers.CodeFixes.CapturedByOtherThreadFixer>;

namespace Engram.Analyzers.Tests;

public sealed class CapturedByOtherThreadFixerTests
{
    [Fact]
    public Task Handle_opened_on_a_path_becomes_one_context_read_on_each_thread() =>
        Verify.VerifyCodeFixAsync(
            """
            using System.Threading.Tasks;
            using EngramDb;

            class Importer
            {
                void Import(string[] lines)
                {
                    var db = Database.FileBased("store");
                    db.ClearAll();
                    Parallel.ForEach(lines, line =>
                    {
                        var node = new MemoryNode(new[] { (float)line.Length });
                        node.SetAttribute("content", line);
                        {|ENG001:db|}.Save(node);
                    });
                    System.Console.WriteLine(db.ListAll().Count);
                }
            }
            """,
            """
            using System.Threading.Tasks;
            using EngramDb;

            class Importer
            {
                void Import(string[] lines)
                {
                    var ctx = EngramThreadSafe.GetThreadSafeContext("store");
                    ctx.Db.ClearAll();
                    Parallel.ForEach(lines, line =>
                    {
                        var node = new MemoryNode(new[] { (float)line.Length });
                        node.SetAttribute("content", line);
                        ctx.Db.Save(node);
                    });
                    System.Console.WriteLine(ctx.Db.ListAll().Count);
                }
            }
            """);

    [Fact]
    public Task The_path_is_evaluated_once_where_the_handle_was_opened_whatever_it_is() =>
        Verify.VerifyCodeFixAsync(
            """
            using System.Threading;
            using EngramDb;

            class Reports
            {
                static string NextPath() => System.Guid.NewGuid().ToString();

                void Run(string[] args)
                {
                    var path = args.Length > 0 ? args[0] : "reports";
                    using var reports = Database.FileBased(path);
                    path = "elsewhere";
                    var other = Database.FileBased(NextPath());
                    new Thread(() =>
                    {
                        {|ENG001:reports|}.ClearAll();
                        {|ENG001:other|}.ClearAll();
                    }).Start();
                }
            }
            """,
            """
            using System.Threading;
            using EngramDb;

            class Reports
            {
                static string NextPath() => System.Guid.NewGuid().ToString();

                void Run(string[] args)
                {
                    var path = args.Length > 0 ? args[0] : "reports";
                    var reportsContext = EngramThreadSafe.GetThreadSafeContext(path);
                    path = "elsewhere";
                    var otherContext = EngramThreadSafe.GetThreadSafeContext(NextPath());
                    new Thread(() =>
                    {
                        reportsContext.Db.ClearAll();
                        otherContext.Db.ClearAll();
                    }).Start();
                }
            }
            """);

    [Fact]
    public Task Handle_taken_from_a_context_that_never_changes_is_replaced_by_that_context() =>
        Verify.VerifyCodeFixAsync(
            """
            using System.Threading.Tasks;
            using EngramDb;

            class Summaries
            {
                Task<int> CountAsync(ThreadSafeAgentContext ctx)
                {
                    var db = ctx.Db;
                    db.ClearAll();
                    return Task.Run(() => {|ENG001:db|}.ListAll().Count);
                }
            }
            """,
            """
            using System.Threading.Tasks;
            using EngramDb;

            class Summaries
            {
                Task<int> CountAsync(ThreadSafeAgentContext ctx)
                {
                    ctx.Db.ClearAll();
                    return Task.Run(() => ctx.Db.ListAll().Count);
                }
            }
            """);

    [Fact]
    public Task Handle_taken_from_a_new_context_keeps_that_context() =>
        Verify.VerifyCodeFixAsync(
            """
            using System.Threading.Tasks;
            using EngramDb;

            class Chat
            {
                Task Clear()
                {
                    var db = EngramThreadSafe.GetThreadSafeContext("chat.engramdb", "chat-1").Db;
                    return Task.Run(() => {|ENG001:db|}.ClearAll());
                }
            }
            """,
            """
            using System.Threading.Tasks;
            using EngramDb;

            class Chat
            {
                Task Clear()
                {
                    var ctx = EngramThreadSafe.GetThreadSafeContext("chat.engramdb", "chat-1");
                    return Task.Run(() => ctx.Db.ClearAll());
                }
            }
            """);

    [Fact]
    public Task Disposing_the_replaced_handle_goes_since_the_context_owns_its_handles() =>
        Verify.VerifyCodeFixAsync(
            """
            using System.Threading.Tasks;
            using EngramDb;

            class Cleanup
            {
                async Task RunAsync()
                {
                    var db = Database.FileBased("store");
                    await Task.Run(() =>
                    {
                        {|ENG001:db|}.ClearAll();
                        db.Dispose();
                    });
                    db?.Dispose();
                }
            }
            """,
            """
            using System.Threading.Tasks;
            using EngramDb;

            class Cleanup
            {
                async Task RunAsync()
                {
                    var ctx = EngramThreadSafe.GetThreadSafeContext("store");
                    await Task.Run(() =>
                    {
                        ctx.Db.ClearAll();
                    });
                }
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
                    var ctx = EngramThreadSafe.GetThreadSafeContext("store"); // the main thread's handle
                    Task.Run(() =>
                    {
                        // count what is stored
                        var count = /* before */ ctx.Db /* after */
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

            class C
            {
                void M()
                {
                    EngramDb.Database db = EngramDb.Database.FileBased("store");
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
                    ThreadSafeAgentContext ctx = EngramThreadSafe.GetThreadSafeContext("store");
                    Task.Run(() => ctx.Db.ClearAll());
                }
            }
            """);

    [Fact]
    public Task Repository_that_holds_a_handle_holds_the_context_and_its_callers_pass_one() =>
        Verify.VerifyCodeFixAsync(
            """
            using System;
            using System.Threading.Tasks;
            using EngramDb;

            sealed class NotesRepository
            {
                private readonly Database _db;

                public NotesRepository(Database db) => _db = db;

                public Guid Add(string text)
                {
                    var node = new MemoryNode(new[] { (float)text.Length });
                    node.SetAttribute("content", text);
                    return _db.Save(node);
                }

                public Task<int> CountInBackgroundAsync() => Task.Run(() => {|ENG001:_db|}.ListAll().Count);
            }

            static class Program
            {
                static async Task Main()
                {
                    var notes = new NotesRepository(Database.FileBased("notes"));
                    notes.Add("hello");
                    await Task.Run(() => {|ENG001:notes|}.Add("from the pool"));
                }
            }
            """,
            """
            using System;
            using System.Threading.Tasks;
            using EngramDb;

            sealed class NotesRepository
            {
                private readonly ThreadSafeAgentContext _ctx;

                public NotesRepository(ThreadSafeAgentContext ctx) => _ctx = ctx;

                public Guid Add(string text)
                {
                    var node = new MemoryNode(new[] { (float)text.Length });
                    node.SetAttribute("content", text);
                    return _ctx.Db.Save(node);
                }

                public Task<int> CountInBackgroundAsync() => Task.Run(() => _ctx.Db.ListAll().Count);
            }

            static class Program
            {
                static async Task Main()
                {
                    var notes = new NotesRepository(EngramThreadSafe.GetThreadSafeContext("notes"));
                    notes.Add("hello");
                    await Task.Run(() => notes.Add("from the pool"));
                }
            }
            """);

    [Fact]
    public Task Field_used_by_a_method_passed_as_a_method_group_holds_the_context() =>
        Verify.VerifyCodeFixAsync(
            """
            using System.Threading;
            using EngramDb;

            sealed class Indexer
            {
                private readonly Database _store = Database.FileBased("index");

                public void Start() => new Thread({|#0:Rebuild|}).Start();

                public void RebuildNow() => Rebuild();

                private void Rebuild() => {|#1:_store|}.ClearAll();
            }
            """,
            """
            using System.Threading;
            using EngramDb;

            sealed class Indexer
            {
                private readonly ThreadSafeAgentContext _storeContext = EngramThreadSafe.GetThreadSafeContext("index");

                public void Start() => new Thread(Rebuild).Start();

                public void RebuildNow() => Rebuild();

                private void Rebuild() => _storeContext.Db.ClearAll();
            }
            """,
            Verify.Diagnostic("ENG001").WithLocation(0).WithLocation(1).WithArguments("_store", "EngramDb.Database", "", "captured by a delegate passed to 'new Thread', which runs on another thread"));

    [Fact]
    public Task Handle_captured_by_a_fan_out_helper_becomes_a_context() =>
        Verify.VerifyCodeFixAsync(
            """
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading.Tasks;
            using EngramDb;

            static class FanOut
            {
                public static Task ForEachAsync(IEnumerable<string> items, Action<string> work) =>
                    Task.WhenAll(items.Select(item => Task.Run(() => work(item))));
            }

            sealed class Archiver
            {
                public Task ArchiveAsync(string path, string[] lines)
                {
                    var archive = Database.FileBased(path);
                    return FanOut.ForEachAsync(lines, line => {|ENG001:archive|}.Save(new MemoryNode(new[] { (float)line.Length })));
                }
            }
            """,
            """
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading.Tasks;
            using EngramDb;

            static class FanOut
            {
                public static Task ForEachAsync(IEnumerable<string> items, Action<string> work) =>
                    Task.WhenAll(items.Select(item => Task.Run(() => work(item))));
            }

            sealed class Archiver
            {
                public Task ArchiveAsync(string path, string[] lines)
                {
                    var archiveContext = EngramThreadSafe.GetThreadSafeContext(path);
                    return FanOut.ForEachAsync(lines, line => archiveContext.Db.Save(new MemoryNode(new[] { (float)line.Length })));
                }
            }
            """);

    [Fact]
    public Task Handle_passed_to_a_method_becomes_a_context_and_every_caller_passes_one() =>
        Verify.VerifyCodeFixAsync(
            """
            using System.Threading.Tasks;
            using EngramDb;

            sealed class Reporter
            {
                private readonly ThreadSafeAgentContext _reports = EngramThreadSafe.GetThreadSafeContext("reports");

                public Task PublishAsync() => CountLaterAsync(_reports.Db);

                public Task PublishArchiveAsync() => CountLaterAsync(Database.FileBased("archive"));

                private static Task CountLaterAsync(Database db) => Task.Run(() => {|ENG001:db|}.ListAll().Count);
            }
            """,
            """
            using System.Threading.Tasks;
            using EngramDb;

            sealed class Reporter
            {
                private readonly ThreadSafeAgentContext _reports = EngramThreadSafe.GetThreadSafeContext("reports");

                public Task PublishAsync() => CountLaterAsync(_reports);

                public Task PublishArchiveAsync() => CountLaterAsync(EngramThreadSafe.GetThreadSafeContext("archive"));

                private static Task CountLaterAsync(ThreadSafeAgentContext ctx) => Task.Run(() => ctx.Db.ListAll().Count);
            }
            """);

    // A library's public constructor would take another type: assemblies compiled against it would break.
    [Fact]
    public async Task Fix_that_changes_a_librarys_public_API_is_a_titled_action_of_its_own_that_bulk_fixing_leaves_alone()
    {
        const string repository = """
            using System.Threading.Tasks;
            using EngramDb;

            public sealed class NotesRepository
            {
                private readonly Database _db;

                public NotesRepository(Database db) => _db = db;

                public static NotesRepository Open(string path) => new NotesRepository(Database.FileBased(path));

                public Task<int> CountInBackgroundAsync() => Task.Run(() => _db.ListAll().Count);
            }
            """;
        var bulk = await BulkFixing.CreateAsync(OutputKind.DynamicallyLinkedLibrary, aspNetCore: false, ("NotesRepository.cs", repository));
        var diagnostic = Assert.Single(await BulkFixing.DiagnosticsAsync(bulk.Start, new[] { "ENG001" }));

        var offered = Assert.Single(await BulkFixing.OfferedFixesAsync(bulk.Start, diagnostic));
        Assert.Equal("Change the public API to hold a thread-safe context", offered.Title);
        var changesApi = Assert.Single(BulkFixing.NestedActionsOf(offered));
        Assert.Equal("ENG001.ChangesPublicApi", changesApi.EquivalenceKey);
        Assert.Contains("NotesRepository.NotesRepository(Database)", changesApi.Title);
        var changed = await BulkFixing.TextOfAsync(await BulkFixing.ApplyAsync(changesApi), "NotesRepository.cs");
        Assert.Contains("public NotesRepository(ThreadSafeAgentContext ctx) => _ctx = ctx;", changed);
        Assert.Contains("new NotesRepository(EngramThreadSafe.GetThreadSafeContext(path))", changed);
        Assert.Contains("Task.Run(() => _ctx.Db.ListAll().Count)", changed);

        var bulkFixed = await bulk.RunAsync(new[] { "ENG001" }, diagnosticOrderSeed: 0, passes: 2);
        Assert.Equal(repository, await BulkFixing.TextOfAsync(bulkFixed, "NotesRepository.cs"));
    }

    // The diagnostic sits in the lambda, outside the sink call whose analysis reports it, which the testing library
    // calls non-local (builds and dotnet format fix it like any other; see docs/rules/ENG001.md).
    [Fact]
    public Task Lambda_kept_in_a_local_and_given_to_a_sink_reads_the_contexts_handle() =>
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
                    var ctx = EngramThreadSafe.GetThreadSafeContext("store");
                    Func<Task> work = async () =>
                    {
                        await Task.Yield();
                        ctx.Db.ClearAll();
                    };
                    return Task.Run(work);
                }
            }
            """,
        }.RunAsync();

    [Theory]
    // In memory: a per-thread handle would be a different, empty store.
    [InlineData("var db = Database.InMemory();")]
    // Opened by code out of sight: no path to give the context.
    [InlineData("var db = Open();")]
    [InlineData("var db = Database.FileBased(\"a\"); db = Open();")]
    // Kept in a list: the list, not a variable, holds the handles.
    [InlineData("var all = new System.Collections.Generic.List<Database> { Database.FileBased(\"a\") }; var db = all[0];")]
    // Handed out by reference: the callee may put any handle there.
    [InlineData("var db = Database.FileBased(\"a\"); Reopen(ref db);")]
    public Task No_fix_when_the_handle_has_no_thread_safe_counterpart(string declarations)
    {
        var source = $$"""
            using System.Threading.Tasks;
            using EngramDb;

            class C
            {
                static Database Open() => Database.InMemory();

                static void Reopen(ref Database db) { }

                void M()
                {
                    {{declarations}}
                    Task.Run(() => {|ENG001:db|}.ClearAll());
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, source);
    }

    [Fact]
    public Task No_fix_for_a_handle_whose_callers_are_out_of_sight()
    {
        // A delegate's parameter: who passes what is not in the code.
        const string Source = """
            using System;
            using System.Threading.Tasks;
            using EngramDb;

            class C
            {
                Func<Database, Task> Clear = db => Task.Run(() => {|ENG001:db|}.ClearAll());
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
    public Task No_fix_for_a_handle_given_to_the_sink_as_its_state()
    {
        // The state is read on the calling thread: any handle there is the caller's.
        const string Source = """
            using System.Threading;
            using EngramDb;

            class C
            {
                void M()
                {
                    var db = Database.FileBased("store");
                    ThreadPool.QueueUserWorkItem(state => ((Database)state!).ClearAll(), {|ENG001:db|});
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(Source, Source);
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
