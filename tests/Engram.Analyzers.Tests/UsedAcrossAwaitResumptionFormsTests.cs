using System.Threading.Tasks;
using Engram.Analyzers.Tests.TestSupport;
using Xunit;
using Verify = Engram.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<Engram.Analyzers.Rules.UsedAcrossAwaitAnalyzer>;

namespace Engram.Analyzers.Tests;

/// <summary>
/// ENG002 for each way code resumes (await, await foreach, await using, yield return of an async iterator, a loop
/// or goto back over an await), with a handle made before the resumption (reported) and after the last one (not
/// reported: the rule then builds no control-flow graph at all).
/// </summary>
public sealed class UsedAcrossAwaitResumptionFormsTests
{
    // HOLE runs in an async method with a sendable context `ctx` and an async sequence `items`; Scope is async-disposable.
    private static readonly CodeTemplate Method = new("""
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using EngramDb;

        sealed class Scope : IAsyncDisposable
        {
            public ValueTask DisposeAsync() => default;
        }

        class Worker
        {
            async Task RunAsync(ThreadSafeAgentContext ctx, IAsyncEnumerable<int> items)
            {
                HOLE
            }
        }
        """);

    [Theory]
    [InlineData("var db = ctx.Db; await foreach (var item in items) { {|ENG002:db|}.ClearAll(); }")]
    [InlineData("var db = ctx.Db; await using (var scope = new Scope()) { } {|ENG002:db|}.ClearAll();")]
    [InlineData("var db = ctx.Db; { await using var scope = new Scope(); } {|ENG002:db|}.ClearAll();")]
    [InlineData("var db = ctx.Db; for (var i = 0; i < 2; i++) { {|ENG002:db|}.ClearAll(); await Task.Yield(); }")]
    [InlineData("var db = ctx.Db; var again = true; start: if (!again) { {|ENG002:db|}.ClearAll(); return; } again = false; await Task.Yield(); goto start;")]
    public Task Flags_a_handle_made_before_any_kind_of_resumption(string statements) =>
        Verify.VerifyAnalyzerAsync(Method.Fill(statements));

    [Theory]
    [InlineData("await Task.Yield(); var db = ctx.Db; db.ClearAll();")]
    [InlineData("await foreach (var item in items) { } var db = ctx.Db; db.ClearAll();")]
    [InlineData("await foreach (var item in items) { var db = ctx.Db; db.ClearAll(); }")]
    [InlineData("{ await using var scope = new Scope(); } var db = ctx.Db; db.ClearAll();")]
    [InlineData("await using var scope = new Scope(); var db = ctx.Db; db.ClearAll();")]
    [InlineData("ctx.Db.ClearAll(); await Task.Yield(); ctx.Db.ClearAll();")]
    [InlineData("while (true) { await Task.Yield(); var db = ctx.Db; db.ClearAll(); }")]
    public Task Does_not_flag_a_handle_made_after_the_resumption_it_would_cross(string statements) =>
        Verify.VerifyAnalyzerAsync(Method.Fill(statements));

    [Fact]
    public Task In_an_async_iterator_a_yield_return_is_a_resumption_point() =>
        Verify.VerifyAnalyzerAsync("""
            using System.Collections.Generic;
            using EngramDb;

            class Feed
            {
                async IAsyncEnumerable<int> Before(ThreadSafeAgentContext ctx)
                {
                    var db = ctx.Db;
                    yield return 1;
                    {|ENG002:db|}.ClearAll();
                }

                async IAsyncEnumerable<int> After(ThreadSafeAgentContext ctx)
                {
                    yield return 1;
                    var db = ctx.Db;
                    db.ClearAll();
                    yield return 2;
                }
            }
            """);
}
