using System.Threading;
using System.Threading.Tasks;
using Engram.Analyzers.Tests.TestSupport;
using Engram.Analyzers.Tests.Verifiers;
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

        public class Worker
        {
            public async Task RunAsync(ThreadSafeAgentContext ctx, Task task, bool flag, Database parameterDb)
            {
                HOLE
            }
        }
        """);

    [Fact]
    public Task Handle_taken_from_a_context_is_replaced_by_the_context_at_each_use() =>
        Verify.VerifyCodeFixAsync(
            Method.Fill("""
                var db = ctx.Db;
                        db.ClearAll();
                        await task;
                        {|#0:db|}.ClearAll();
                        var count = {|#1:db|}.ListAll().Count;
                """),
            Method.Fill("""
                ctx.Db.ClearAll();
                        await task;
                        ctx.Db.ClearAll();
                        var count = ctx.Db.ListAll().Count;
                """),
            Stale(12, 0, 1));

    [Fact]
    public Task Opened_local_becomes_one_context_whose_handle_each_use_reads() =>
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
                var dbContext = EngramThreadSafe.GetThreadSafeContext("store");
                        dbContext.Db.ClearAll();
                        // Wait for the reply.
                        await task;
                        dbContext.Db.ClearAll();
                        if (flag)
                        {
                            dbContext.Db.ListAll();
                        }
                """),
            Stale(13, 0, 1));

    [Fact]
    public Task Every_await_is_covered_by_the_one_context() =>
        Verify.VerifyCodeFixAsync(
            Method.Fill("""
                const string Path = "store";
                        var db = Database.FileBased(Path);
                        var reply = await Task.Run(() => 1);
                        {|ENG002:db|}.ClearAll();
                        await task.ConfigureAwait(false);
                        {|ENG002:db|}.ListAll();
                        for (var i = 0; i < 3; i++) { {|ENG002:db|}.ClearAll(); await task; }
                """),
            Method.Fill("""
                const string Path = "store";
                        var dbContext = EngramThreadSafe.GetThreadSafeContext(Path);
                        var reply = await Task.Run(() => 1);
                        dbContext.Db.ClearAll();
                        await task.ConfigureAwait(false);
                        dbContext.Db.ListAll();
                        for (var i = 0; i < 3; i++) { dbContext.Db.ClearAll(); await task; }
                """));

    [Fact]
    public Task Using_and_disposed_handles_lose_their_disposal_to_the_context() =>
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
                var scopedContext = EngramThreadSafe.GetThreadSafeContext("a");
                        var closedContext = EngramThreadSafe.GetThreadSafeContext("b");
                        await task;
                        scopedContext.Db.ClearAll();
                        closedContext.Db.ClearAll();
                """));

    [Fact]
    public Task Handle_assigned_on_several_paths_becomes_a_context_on_each() =>
        Verify.VerifyCodeFixAsync(
            Method.Fill("""
                var db = flag ? Database.FileBased("a") : ctx.Db;
                        if (!flag) { db = EngramThreadSafe.GetThreadSafeContext("b").Db; }
                        await task;
                        {|ENG002:db|}.ClearAll();
                """),
            Method.Fill("""
                var dbContext = flag ? EngramThreadSafe.GetThreadSafeContext("a") : ctx;
                        if (!flag) { dbContext = EngramThreadSafe.GetThreadSafeContext("b"); }
                        await task;
                        dbContext.Db.ClearAll();
                """));

    [Fact]
    public Task Top_level_statements_read_the_handle_after_the_await() =>
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

                var ctx = EngramThreadSafe.GetThreadSafeContext("store");
                ctx.Db.ClearAll();
                await Task.Delay(10);
                Console.WriteLine(ctx.Db.ListAll().Count);
                """,
            TestState = { OutputKind = OutputKind.ConsoleApplication },
        }.RunAsync(CancellationToken.None);

    [Fact]
    public Task Service_with_a_handle_in_a_field_holds_the_context() =>
        Verify.VerifyCodeFixAsync(
            """
            using System.Threading.Tasks;
            using EngramDb;

            sealed class ReplyStore
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

            sealed class ReplyStore
            {
                private static readonly string s_path = "store";
                private readonly ThreadSafeAgentContext _ctx = EngramThreadSafe.GetThreadSafeContext(s_path);

                public async Task SaveAsync(Task<MemoryNode> pending)
                {
                    var node = await pending;
                    _ctx.Db.Save(node);
                }
            }
            """);

    [Fact]
    public Task Handle_used_through_a_method_of_this_after_the_await_holds_the_context() =>
        Verify.VerifyCodeFixAsync(
            """
            using System.Threading.Tasks;
            using EngramDb;

            sealed class Journal
            {
                private readonly Database _entries = Database.FileBased("journal");

                public async Task AppendAsync(Task<MemoryNode> pending)
                {
                    var node = await pending;
                    {|ENG002:Write(node)|};
                }

                private void Write(MemoryNode node) => _entries.Save(node);
            }
            """,
            """
            using System.Threading.Tasks;
            using EngramDb;

            sealed class Journal
            {
                private readonly ThreadSafeAgentContext _entriesContext = EngramThreadSafe.GetThreadSafeContext("journal");

                public async Task AppendAsync(Task<MemoryNode> pending)
                {
                    var node = await pending;
                    Write(node);
                }

                private void Write(MemoryNode node) => _entriesContext.Db.Save(node);
            }
            """);

    [Fact]
    public Task Adds_the_EngramDb_using_when_the_file_lacks_it() =>
        Verify.VerifyCodeFixAsync(
            """
            using System.Threading.Tasks;

            class Worker
            {
                async Task RunAsync(Task task)
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
                async Task RunAsync(Task task)
                {
                    var ctx = EngramThreadSafe.GetThreadSafeContext("store");
                    await task;
                    ctx.Db.ClearAll();
                }
            }
            """);

    [Theory]
    [InlineData(
        "var db = Database.FileBased(\"store\"); await task; nodes.ForEach(n => {|ENG002:db|}.Save(n));",
        "var dbContext = EngramThreadSafe.GetThreadSafeContext(\"store\"); await task; nodes.ForEach(n => dbContext.Db.Save(n));")]
    [InlineData(
        "var db = ctx.Db; await task; nodes.ForEach(n => {|ENG002:db|}.Save(n));",
        "await task; nodes.ForEach(n => ctx.Db.Save(n));")]
    [InlineData(
        "var db = Database.FileBased(\"store\"); void Clear() => {|ENG002:db|}.ClearAll(); await task; Clear();",
        "var dbContext = EngramThreadSafe.GetThreadSafeContext(\"store\"); void Clear() => dbContext.Db.ClearAll(); await task; Clear();")]
    [InlineData(
        "var db = ctx.Db; Action clear = () => {|ENG002:db|}.ClearAll(); await task; clear();",
        "Action clear = () => ctx.Db.ClearAll(); await task; clear();")]
    [InlineData(
        "var db = Database.FileBased(\"store\"); Func<Task> work = async () => { await task; {|ENG002:db|}.ClearAll(); };",
        "var dbContext = EngramThreadSafe.GetThreadSafeContext(\"store\"); Func<Task> work = async () => { await task; dbContext.Db.ClearAll(); };")]
    public Task Captured_handle_used_where_its_function_runs_after_the_await_reads_the_context(string body, string fixedBody) =>
        Verify.VerifyCodeFixAsync(
            Method.Fill("var nodes = new List<MemoryNode>();\n        " + body),
            Method.Fill("var nodes = new List<MemoryNode>();\n        " + fixedBody));

    [Theory]
    [InlineData("var db = Database.InMemory(); await task; {|ENG002:db|}.ClearAll();")]
    // The handle is read before the await that comes between it and its use.
    [InlineData("var db = Database.FileBased(\"store\"); {|ENG002:db|}.Save(await Task.Run(() => new MemoryNode(new float[] { 1f })));")]
    [InlineData("var db = ctx.Db; {|ENG002:db|}.Save(await Task.Run(() => new MemoryNode(new float[] { 1f })));")]
    public Task No_fix_when_no_context_can_stand_in_for_the_handle(string body)
    {
        var source = Method.Fill(body);
        return Verify.VerifyCodeFixAsync(source, source);
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
