using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Engram.Analyzers.Rules;
using Engram.Analyzers.Tests.TestSupport;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;
using Verify = Engram.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<Engram.Analyzers.Rules.UsedAcrossAwaitAnalyzer>;

namespace Engram.Analyzers.Tests;

/// <summary>
/// ENG002 follows the handle wherever it goes after an await: into the methods of <c>this</c> the code calls, out of
/// containers, through locals of other types, and past the <c>yield return</c> of an async iterator.
/// </summary>
public sealed class UsedAcrossAwaitFollowsTheValueTests
{
    // A repository holding a handle; HOLE is the body of an async method that may await.
    private static readonly CodeTemplate Repository = new("""
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading.Tasks;
        using EngramDb;

        class NotesRepository
        {
            private readonly Database _db = Database.FileBased("notes.engramdb");
            private readonly List<Database> _shards = new() { Database.InMemory() };
            private readonly Lazy<Database> _archive = new(() => Database.FileBased("archive.engramdb"));
            private readonly Dictionary<string, Database> _byChat = new();

            void Flush() => {|#9:_db|}.ClearAll();

            void Save() => Flush();

            int Count => _db.ListAll().Count;

            string Name() => "notes";

            async Task RunAsync(Task task, bool flag)
            {
                HOLE
            }
        }
        """);

    [Theory]
    [InlineData("await task; {|ENG002:Save()|};")]
    [InlineData("await task; {|ENG002:this.Flush()|};")]
    [InlineData("await task; var count = {|ENG002:Count|};")]
    [InlineData("await task; {|ENG002:_shards[0]|}.ClearAll();")]
    [InlineData("await task; foreach (var shard in _shards) { {|ENG002:shard|}.ClearAll(); }")]
    [InlineData("await task; {|ENG002:_shards.First()|}.ClearAll();")]
    [InlineData("await task; {|ENG002:_archive.Value|}.ClearAll();")]
    [InlineData("var shards = _shards.ToArray(); await task; {|ENG002:shards[0]|}.ClearAll();")]
    [InlineData("object boxed = _db; await task; ((Database){|ENG002:boxed|}).ClearAll();")]
    public Task Flags_handles_reached_after_the_await(string statements) =>
        Verify.VerifyAnalyzerAsync(Repository.Fill(statements).Replace("{|#9:_db|}", "_db"));

    [Theory]
    [InlineData("await task; Name();")]
    [InlineData("await task; var shards = _shards.Count; _shards.Add(Database.InMemory()); var known = _byChat.ContainsKey(\"chat\");")]
    [InlineData("await task; var fresh = Database.InMemory(); _shards.Add(fresh); fresh.ClearAll();")]
    [InlineData("Save(); var count = Count; await task;")]
    [InlineData("object boxed = _db; await task; boxed = Database.InMemory(); boxed.ToString();")]
    public Task Does_not_flag_containers_members_or_calls_that_touch_no_stale_handle(string statements) =>
        Verify.VerifyAnalyzerAsync(Repository.Fill(statements).Replace("{|#9:_db|}", "_db"));

    [Fact]
    public Task Message_names_the_calls_through_which_the_member_is_used() =>
        Verify.VerifyAnalyzerAsync(
            Repository.Fill("""
                await task;
                        {|#0:Save()|};
                """),
            Verify.Diagnostic("ENG002").WithLocation(0).WithArguments("_db", "EngramDb.Database", "", " through 'Save' -> 'Flush'", "await", 24));

    [Fact]
    public Task Flags_handles_used_after_a_yield_return_of_an_async_iterator() =>
        Verify.VerifyAnalyzerAsync("""
            using System.Collections.Generic;
            using System.Threading.Tasks;
            using EngramDb;

            static class Notes
            {
                public static async IAsyncEnumerable<int> CountsAsync(string path)
                {
                    var db = Database.FileBased(path);
                    yield return db.ListAll().Count;
                    yield return {|#0:db|}.ListAll().Count;
                }

                public static IEnumerable<int> Counts(string path)
                {
                    var db = Database.FileBased(path);
                    yield return db.ListAll().Count;
                    yield return db.ListAll().Count;
                }

                public static async Task<int> TotalAsync(string path)
                {
                    var db = Database.FileBased(path);
                    var total = 0;
                    foreach (var count in Counts(path))
                    {
                        total += count + db.ListAll().Count;
                    }

                    await Task.Yield();
                    return total;
                }
            }
            """,
            Verify.Diagnostic("ENG002").WithLocation(0).WithArguments("db", "EngramDb.Database", "", "", "yield return", 10));

    [Fact]
    public Task Flags_async_lambdas_returned_or_passed_where_no_statement_holds_them() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Collections.Generic;
            using System.Threading.Tasks;
            using EngramDb;

            class Handlers
            {
                private readonly Database _db = Database.FileBased("notes.engramdb");

                Func<Task> Make() => async () => { await Task.Yield(); {|ENG002:_db|}.ClearAll(); };

                Func<Task> MakeInBody()
                {
                    return async () => { await Task.Yield(); {|ENG002:_db|}.ClearAll(); };
                }

                void Register(List<Func<Task>> handlers, bool flag)
                {
                    handlers.Add(flag ? async () => { await Task.Yield(); {|ENG002:_db|}.ClearAll(); } : () => Task.CompletedTask);
                }
            }
            """);

    [Fact]
    public async Task A_hosted_services_state_used_in_ExecuteAsync_gets_only_ENG001()
    {
        var compilation = await AnalyzerRunner.CreateCompilationAsync(referenceRuntime: true, """
            using System.Threading;
            using System.Threading.Tasks;
            using EngramDb;
            using Microsoft.Extensions.Hosting;

            public sealed class IndexingWorker : BackgroundService
            {
                private readonly Database _db = Database.FileBased("index.engramdb");

                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    await Task.Delay(1000, stoppingToken);
                    _db.ClearAll();
                    var own = Database.FileBased("own.engramdb");
                    await Task.Delay(1000, stoppingToken);
                    own.ClearAll();
                }
            }
            """);
        compilation = compilation.AddReferences(Verifiers.EngramTestSetup.HostingReference);
        var outcome = await AnalyzerRunner.RunAsync(
            compilation, ImmutableArray.Create<DiagnosticAnalyzer>(new CapturedByOtherThreadAnalyzer(), new UsedAcrossAwaitAnalyzer()));

        Assert.Empty(outcome.AnalyzerExceptions);
        var reported = outcome.Diagnostics
            .OrderBy(diagnostic => diagnostic.Location.SourceSpan.Start)
            .Select(diagnostic => (diagnostic.Id, diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan)));
        Assert.Equal(new[] { ("ENG001", "_db"), ("ENG002", "own") }, reported);
    }
}
