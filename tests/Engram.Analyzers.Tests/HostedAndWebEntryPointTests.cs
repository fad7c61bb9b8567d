using System.Threading.Tasks;
using Engram.Analyzers.Tests.Verifiers;
using Xunit;
using Verify = Engram.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<Engram.Analyzers.Rules.CapturedByOtherThreadAnalyzer>;

namespace Engram.Analyzers.Tests;

/// <summary>Where a host runs application code on pool threads: minimal-API handlers and a hosted service's ExecuteAsync.</summary>
public sealed class HostedAndWebEntryPointTests
{
    [Fact]
    public Task Minimal_api_handlers_capturing_a_handle_made_at_start_up_are_reported() =>
        RunWithAspNetCore("""
            using EngramDb;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;

            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();
            var startupDb = Database.FileBased("notes.engramdb");

            app.MapGet("/notes", () => {|ENG001:startupDb|}.ListAll().Count);
            app.MapPost("/notes", (string text) => {|ENG001:startupDb|}.Save(new MemoryNode(new[] { 1f })));
            app.MapGroup("/v2").MapDelete("/notes", () => {|ENG001:startupDb|}.ClearAll());
            app.MapGet("/own", (HttpContext http) => EngramThreadSafe.GetThreadSafeContext("notes.engramdb").Db.ListAll().Count);
            app.MapGet("/injected", (ThreadSafeAgentContext ctx) => ctx.Db.ListAll().Count);
            app.Run();
            """);

    // Each member is reported once, at its nearest use in ExecuteAsync.
    [Fact]
    public Task ExecuteAsync_using_a_handle_made_in_the_constructor_is_reported() =>
        Verify.VerifyAnalyzerAsync("""
            using System.Threading;
            using System.Threading.Tasks;
            using EngramDb;
            using Microsoft.Extensions.Hosting;

            public sealed class IndexingWorker : BackgroundService
            {
                private readonly Database _db;
                private readonly Database _index = Database.FileBased("index.engramdb");
                private Database? _own;

                public IndexingWorker() => _db = Database.FileBased("index.engramdb");

                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    _own = Database.FileBased("own.engramdb");
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        {|#0:_db|}.ClearAll();
                        {|#1:Flush()|};
                        _own.ListAll();
                        await Task.Delay(1000, stoppingToken);
                    }
                }

                private void Flush() => {|#2:_index|}.ListAll();
            }

            public sealed class ContextWorker : BackgroundService
            {
                private readonly ThreadSafeAgentContext _ctx = EngramThreadSafe.GetThreadSafeContext("index.engramdb");

                protected override Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    _ctx.Db.ClearAll();
                    return Task.CompletedTask;
                }
            }

            public sealed class NotAHostedService
            {
                private readonly Database _db = Database.FileBased("index.engramdb");

                public Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    _db.ClearAll();
                    return Task.CompletedTask;
                }
            }
            """,
            Verify.Diagnostic("ENG001").WithLocation(0).WithArguments(
                "_db", "EngramDb.Database", "", "used by 'IndexingWorker.ExecuteAsync', which the host runs on a thread-pool thread, not on the thread that created it"),
            Verify.Diagnostic("ENG001").WithLocation(1).WithLocation(2).WithArguments(
                "_index", "EngramDb.Database", "", "used through 'Flush' by 'IndexingWorker.ExecuteAsync', which the host runs on a thread-pool thread, not on the thread that created it"));

    private static Task RunWithAspNetCore(string program)
    {
        var test = new Verify.Test { TestCode = program };
        test.UseAspNetCore();
        test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        return test.RunAsync();
    }
}
