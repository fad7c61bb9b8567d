using System.Threading;
using System.Threading.Tasks;
using Engram.Analyzers.Tests.TestSupport;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = Engram.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Engram.Analyzers.Rules.UsedAcrossAwaitAnalyzer,
    Engram.Analyzers.CodeFixes.UsedAcrossAwaitFixer>;

namespace Engram.Analyzers.Tests;

public sealed class UsedAcrossAwaitFixerTests
{
    // HOLE runs in an async method with a sendable context `ctx`, a pending `task`, a `flag` and a Database
    // parameter `parameterDb`.
    private static readonly CodeTemplate Method = new("""
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using EngramDb;

        class Worker
        {
            async Task RunAsync(ThreadSafeAgentContext ctx, Task task, bool flag, Database parameterDb)
            {
                HOLE
            }
        }
        """);

    [Fact]
    public Task Handle_taken_from_a_context_becomes_the_contexts_handle_at_each_use() =>
        Verify.VerifyCodeFixAsync(
            Method.Fill("""
                var db = ctx.Db;
                        db.ClearAll();
                        await task;
                        {|#0:db|}.ClearAll();
                        var count = {|#1:db|}.ListAll().Count;
                """),
            Method.Fill("""
                var db = ctx.Db;
                        db.ClearAll();
                        await task;
                        ctx.Db.ClearAll();
                        var count = ctx.Db.ListAll().Count;
                """),
            Stale(12, 0, 1));

    [Fact]
    public Task Handle_taken_from_a_new_context_becomes_that_paths_thread_handle() =>
        Verify.VerifyCodeFixAsync(
            Method.Fill("""
                var db = EngramThreadSafe.GetThreadSafeContext("store", "chat-1").Db;
                        await task;
                        {|ENG002:db|}.ClearAll();
                """),
            Method.Fill("""
                var db = EngramThreadSafe.GetThreadSafeContext("store", "chat-1").Db;
                        await task;
                        EngramThreadSafe.GetThreadSafeContext("store").Db.ClearAll();
                """));

    [Fact]
    public Task Opened_local_is_acquired_again_once_after_the_await_for_all_later_uses() =>
        Verify.VerifyCodeFixAsync(
            Method.Fill("""
                var db = Database.FileBased("store");
                        db.ClearAll();
                        // Wait for the reply.
                        await task;
                        {|#0:db|}.ClearAll();
                        if (flag)
                        {
                            {|#1:db|}.ListAll();
                        }
                """),
            Method.Fill("""
                var db = Database.FileBased("store");
                        db.ClearAll();
                        // Wait for the reply.
                        await task;
                        db = EngramThreadSafe.GetThreadSafeContext("store").Db;
                        db.ClearAll();
                        if (flag)
                        {
                            db.ListAll();
                        }
                """),
            Stale(13, 0, 1));

    [Fact]
    public Task Opened_local_is_acquired_again_after_each_await_it_crosses() =>
        Verify.VerifyCodeFixAsync(
            Method.Fill("""
                const string Path = "store";
                        var db = Database.FileBased(Path);
                        var reply = await Task.Run(() => 1);
                        {|ENG002:db|}.ClearAll();
                        await task.ConfigureAwait(false);
                        {|ENG002:db|}.ListAll();
                """),
            Method.Fill("""
                const string Path = "store";
                        var db = Database.FileBased(Path);
                        var reply = await Task.Run(() => 1);
                        db = EngramThreadSafe.GetThreadSafeContext(Path).Db;
                        db.ClearAll();
                        await task.ConfigureAwait(false);
                        db = EngramThreadSafe.GetThreadSafeContext(Path).Db;
                        db.ListAll();
                """));

    [Fact]
    public Task Using_or_disposed_handles_are_replaced_at_the_use_and_keep_their_disposal() =>
        Verify.VerifyCodeFixAsync(
            Method.Fill("""
                using var scoped = Database.FileBased("a");
                        var closed = Database.FileBased("b");
                        await task;
                        {|ENG002:scoped|}.ClearAll();
                        {|ENG002:closed|}.ClearAll();
                        closed.Dispose();
                """),
            Method.Fill("""
                using var scoped = Database.FileBased("a");
                        var closed = Database.FileBased("b");
                        await task;
                        EngramThreadSafe.GetThreadSafeContext("a").Db.ClearAll();
                        EngramThreadSafe.GetThreadSafeContext("b").Db.ClearAll();
                        closed.Dispose();
                """));

    [Theory]
    [InlineData(
        "for (var i = 0; i < 3; i++) { {|ENG002:db|}.ClearAll(); await task; }",
        "for (var i = 0; i < 3; i++) { EngramThreadSafe.GetThreadSafeContext(\"store\").Db.ClearAll(); await task; }")]
    [InlineData(
        "if (flag) { await task; }\n        {|ENG002:db|}.ClearAll();",
        "if (flag) { await task; }\n        EngramThreadSafe.GetThreadSafeContext(\"store\").Db.ClearAll();")]
    [InlineData(
        "try { await task; } catch (InvalidOperationException) { {|ENG002:db|}.ClearAll(); }",
        "try { await task; } catch (InvalidOperationException) { EngramThreadSafe.GetThreadSafeContext(\"store\").Db.ClearAll(); }")]
    [InlineData(
        "while (await Task.Run(() => flag)) { {|ENG002:db|}.ClearAll(); }",
        "while (await Task.Run(() => flag)) { EngramThreadSafe.GetThreadSafeContext(\"store\").Db.ClearAll(); }")]
    [InlineData(
        "Func<Task> work = async () => { await task; {|ENG002:db|}.ClearAll(); };",
        "Func<Task> work = async () => { await task; EngramThreadSafe.GetThreadSafeContext(\"store\").Db.ClearAll(); };")]
    public Task Where_no_single_statement_precedes_every_use_the_handle_is_replaced_at_the_use(string body, string fixedBody) =>
        Verify.VerifyCodeFixAsync(
            Method.Fill("var db = Database.FileBased(\"store\");\n        " + body),
            Method.Fill("var db = Database.FileBased(\"store\");\n        " + fixedBody));

    [Fact]
    public Task Fields_opened_on_a_path_are_replaced_with_that_paths_thread_handle() =>
        Verify.VerifyCodeFixAsync(
            """
            using System.Threading.Tasks;
            using EngramDb;

            class Repository
            {
                private static readonly string s_path = "store";
                private readonly Database _db = Database.FileBased(s_path);

                public async Task SaveAsync(Task<MemoryNode> pending)
                {
                    var node = await pending;
                    {|ENG002:_db|}.Save(node);
                }
            }
            """,
            """
            using System.Threading.Tasks;
            using EngramDb;

            class Repository
            {
                private static readonly string s_path = "store";
                private readonly Database _db = Database.FileBased(s_path);

                public async Task SaveAsync(Task<MemoryNode> pending)
                {
                    var node = await pending;
                    EngramThreadSafe.GetThreadSafeContext(s_path).Db.Save(node);
                }
            }
            """);

    [Fact]
    public Task Top_level_statements_get_the_handle_again_after_the_await() =>
        new Verify.Test
        {
            TestCode = """
                using System;
                using System.Threading.Tasks;
                using EngramDb;

                var db = Database.FileBased("store");
                db.ClearAll();
                await Task.Delay(10);
                Console.WriteLine({|ENG002:db|}.ListAll().Count);
                """,
            FixedCode = """
                using System;
                using System.Threading.Tasks;
                using EngramDb;

                var db = Database.FileBased("store");
                db.ClearAll();
                await Task.Delay(10);
                db = EngramThreadSafe.GetThreadSafeContext("store").Db;
                Console.WriteLine(db.ListAll().Count);
                """,
            TestState = { OutputKind = OutputKind.ConsoleApplication },
        }.RunAsync(CancellationToken.None);

    [Fact]
    public Task Adds_the_EngramDb_using_when_the_file_lacks_it() =>
        Verify.VerifyCodeFixAsync(
            """
            using System.Threading.Tasks;

            class Worker
            {
                async Task RunAsync(EngramDb.ThreadSafeAgentContext ctx, Task task)
                {
                    var db = EngramDb.Database.FileBased("store");
                    await task;
                    {|ENG002:db|}.ClearAll();
                }
            }
            """,
            """
            using System.Threading.Tasks;
            using EngramDb;

            class Worker
            {
                async Task RunAsync(EngramDb.ThreadSafeAgentContext ctx, Task task)
                {
                    var db = EngramDb.Database.FileBased("store");
                    await task;
                    db = EngramThreadSafe.GetThreadSafeContext("store").Db;
                    db.ClearAll();
                }
            }
            """);

    [Theory]
    [InlineData(
        "var db = Database.FileBased(\"store\"); await task; nodes.ForEach(n => {|ENG002:db|}.Save(n));",
        "var db = Database.FileBased(\"store\"); await task; nodes.ForEach(n => EngramThreadSafe.GetThreadSafeContext(\"store\").Db.Save(n));")]
    [InlineData(
        "var db = ctx.Db; await task; nodes.ForEach(n => {|ENG002:db|}.Save(n));",
        "var db = ctx.Db; await task; nodes.ForEach(n => ctx.Db.Save(n));")]
    [InlineData(
        "var db = Database.FileBased(\"store\"); void Clear() => {|ENG002:db|}.ClearAll(); await task; Clear();",
        "var db = Database.FileBased(\"store\"); void Clear() => EngramThreadSafe.GetThreadSafeContext(\"store\").Db.ClearAll(); await task; Clear();")]
    [InlineData(
        "var db = ctx.Db; Action clear = () => {|ENG002:db|}.ClearAll(); await task; clear();",
        "var db = ctx.Db; Action clear = () => ctx.Db.ClearAll(); await task; clear();")]
    public Task Captured_handle_used_where_its_function_runs_after_the_await_is_replaced_inside_the_function(string body, string fixedBody) =>
        Verify.VerifyCodeFixAsync(
            Method.Fill("var nodes = new List<MemoryNode>();\n        " + body),
            Method.Fill("var nodes = new List<MemoryNode>();\n        " + fixedBody));

    [Theory]
    [InlineData("await task; {|ENG002:parameterDb|}.ClearAll();")]
    [InlineData("var db = Database.InMemory(); await task; {|ENG002:db|}.ClearAll();")]
    [InlineData("var db = Database.FileBased(\"store\"); {|ENG002:db|}.Save(await Task.Run(() => new MemoryNode(new float[] { 1f })));")]
    [InlineData("var db = ctx.Db; {|ENG002:db|}.Save(await Task.Run(() => new MemoryNode(new float[] { 1f })));")]
    [InlineData("var path = \"a\"; var db = Database.FileBased(path); path = \"b\"; await task; {|ENG002:db|}.ClearAll();")]
    [InlineData("var db = Database.FileBased(\"a\"); if (flag) { db = Database.FileBased(\"b\"); } await task; {|ENG002:db|}.ClearAll();")]
    [InlineData("var db = Database.FileBased(\"a\"); db = EngramThreadSafe.GetThreadSafeContext(\"b\").Db; await task; {|ENG002:db|}.ClearAll();")]
    public Task No_fix_when_no_rewrite_gives_the_same_store_after_the_await(string body)
    {
        var source = Method.Fill(body);
        return Verify.VerifyCodeFixAsync(source, source);
    }

    [Fact]
    public Task Fix_all_fixes_every_method_of_the_document_and_each_insertion_once() =>
        Verify.VerifyCodeFixAsync(
            """
            using System.Threading.Tasks;
            using EngramDb;

            class Worker
            {
                async Task FirstAsync(ThreadSafeAgentContext ctx, Task task)
                {
                    var db = ctx.Db;
                    await task;
                    {|#0:db|}.ClearAll();
                    {|#1:db|}.ListAll();
                }

                async Task SecondAsync(Task task)
                {
                    var db = Database.FileBased("store");
                    await task;
                    {|#2:db|}.ClearAll();
                    {|#3:db|}.ListAll();
                    try { await task; } finally { {|ENG002:db|}.ClearAll(); }
                }
            }
            """,
            """
            using System.Threading.Tasks;
            using EngramDb;

            class Worker
            {
                async Task FirstAsync(ThreadSafeAgentContext ctx, Task task)
                {
                    var db = ctx.Db;
                    await task;
                    ctx.Db.ClearAll();
                    ctx.Db.ListAll();
                }

                async Task SecondAsync(Task task)
                {
                    var db = Database.FileBased("store");
                    await task;
                    db = EngramThreadSafe.GetThreadSafeContext("store").Db;
                    db.ClearAll();
                    db.ListAll();
                    try { await task; } finally { EngramThreadSafe.GetThreadSafeContext("store").Db.ClearAll(); }
                }
            }
            """,
            Stale(9, 0, 1),
            Stale(17, 2, 3));

    [Fact]
    public Task Fix_all_in_the_solution_fixes_every_document()
    {
        var test = new Verify.Test
        {
            TestState =
            {
                Sources =
                {
                    Method.Fill("var db = ctx.Db; await task; {|ENG002:db|}.ClearAll();").Replace("class Worker", "class First"),
                    Method.Fill("var db = Database.FileBased(\"s\");\n        await task;\n        {|ENG002:db|}.ClearAll();").Replace("class Worker", "class Second"),
                },
            },
            FixedState =
            {
                Sources =
                {
                    Method.Fill("var db = ctx.Db; await task; ctx.Db.ClearAll();").Replace("class Worker", "class First"),
                    Method.Fill("var db = Database.FileBased(\"s\");\n        await task;\n        db = EngramThreadSafe.GetThreadSafeContext(\"s\").Db;\n        db.ClearAll();").Replace("class Worker", "class Second"),
                },
            },
        };
        return test.RunAsync(CancellationToken.None);
    }

    /// <summary>The diagnostic for one handle <c>db</c> used after the await on <paramref name="awaitLine"/> at the marked locations.</summary>
    private static DiagnosticResult Stale(int awaitLine, params int[] markers)
    {
        var result = Verify.Diagnostic("ENG002");
        foreach (var marker in markers)
        {
            result = result.WithLocation(marker);
        }

        return result.WithArguments("db", "EngramDb.Database", "", "", "await", awaitLine);
    }
}
