using System.Linq;
using System.Threading.Tasks;
using Xunit;
using CapturedVerify = Engram.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<Engram.Analyzers.Rules.CapturedByOtherThreadAnalyzer>;
using SharedStateVerify = Engram.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<Engram.Analyzers.Rules.AffineValueInSharedStateAnalyzer>;
using StaleVerify = Engram.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<Engram.Analyzers.Rules.UsedAcrossAwaitAnalyzer>;

namespace Engram.Analyzers.Tests;

/// <summary>
/// Code only C# 14 can write, compiled by the newest Roslyn, analysed by the analyzers built against Roslyn 4.8:
/// properties backed by the <c>field</c> keyword and extension members.
/// </summary>
public sealed class CSharp14Tests
{
    [Fact]
    public void These_tests_run_on_a_newer_Roslyn_than_the_analyzers_were_built_against()
    {
        var compiler = typeof(Microsoft.CodeAnalysis.Compilation).Assembly.GetName().Version!;
        var builtAgainst = typeof(Rules.CapturedByOtherThreadAnalyzer).Assembly.GetReferencedAssemblies()
            .Single(reference => reference.Name == "Microsoft.CodeAnalysis").Version!;

        Assert.True(compiler.Major >= 5, $"Roslyn {compiler} is loaded.");
        Assert.Equal(4, builtAgainst.Major);
    }

    [Fact]
    public Task A_static_property_keeping_a_handle_in_its_field_keyword_backing_field_is_shared_state() =>
        SharedStateVerify.VerifyAnalyzerAsync("""
            using EngramDb;

            static class Stores
            {
                private const string Path = "notes.engramdb";

                public static Database {|ENG003:Shared|} { get => field ??= Database.FileBased(Path); }

                public static Database PerThread => EngramThreadSafe.GetThreadSafeContext(Path).Db;
            }
            """);

    [Fact]
    public Task A_type_keeping_a_handle_in_a_field_keyword_backing_field_is_inferred_thread_affine() =>
        CapturedVerify.VerifyAnalyzerAsync("""
            using System.Threading.Tasks;
            using EngramDb;

            sealed class LazyRepository
            {
                public Database Db { get => field ??= Database.FileBased("notes.engramdb"); }
            }

            sealed class Worker
            {
                Task Run(LazyRepository repo) => Task.Run(() => {|#0:repo|}.Db.ClearAll());
            }
            """,
            CapturedVerify.Diagnostic("ENG001").WithLocation(0).WithArguments(
                "repo", "LazyRepository", " (it holds 'EngramDb.Database' in property 'Db')", "captured by a delegate passed to 'Task.Run', which runs on another thread"));

    [Fact]
    public Task Extension_members_on_a_handle_used_elsewhere_are_uses_of_the_handle() =>
        CapturedVerify.VerifyAnalyzerAsync("""
            using System.Threading.Tasks;
            using EngramDb;

            static class DatabaseExtensions
            {
                extension(Database db)
                {
                    public int Count => db.ListAll().Count;

                    public void Reset() => db.ClearAll();
                }
            }

            sealed class Worker
            {
                Task Run(Database handle) => Task.WhenAll(
                    Task.Run(() => {|ENG001:handle|}.Count),
                    Task.Run(() => {|ENG001:handle|}.Reset()),
                    Task.Run(() => EngramThreadSafe.GetThreadSafeContext("notes.engramdb").Db.Reset()));
            }
            """);

    [Fact]
    public Task An_extension_member_used_after_an_await_uses_the_stale_handle() =>
        StaleVerify.VerifyAnalyzerAsync("""
            using System.Threading.Tasks;
            using EngramDb;

            static class DatabaseExtensions
            {
                extension(Database db)
                {
                    public int Count => db.ListAll().Count;
                }
            }

            sealed class Worker
            {
                async Task<int> CountAsync(Database handle)
                {
                    await Task.Yield();
                    return {|ENG002:handle|}.Count;
                }
            }
            """);
}
