using System.Threading.Tasks;
using Xunit;
using Verify = Engram.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Engram.Analyzers.Rules.AffineValueInSharedStateAnalyzer,
    Engram.Analyzers.CodeFixes.AffineValueInSharedStateFixer>;

namespace Engram.Analyzers.Tests;

public sealed class AffineValueInSharedStateFixerTests
{
    [Fact]
    public Task Static_readonly_handle_on_a_constant_path_becomes_a_per_thread_getter_keeping_comments() =>
        Verify.VerifyCodeFixAsync(
            """
            using EngramDb;

            static class Audit
            {
                private const string AuditPath = "audit.engramdb";

                /// <summary>Where every thread records what it did.</summary>
                private static readonly Database {|ENG003:Log|} = Database.FileBased(AuditPath); // shared

                public static void Clear() => Log.ClearAll();
            }
            """,
            """
            using EngramDb;

            static class Audit
            {
                private const string AuditPath = "audit.engramdb";

                /// <summary>Where every thread records what it did.</summary>
                private static Database Log => EngramThreadSafe.GetThreadSafeContext(AuditPath).Db; // shared

                public static void Clear() => Log.ClearAll();
            }
            """);

    [Fact]
    public Task Static_get_only_auto_property_becomes_a_per_thread_getter() =>
        Verify.VerifyCodeFixAsync(
            """
            using EngramDb;

            public static class Stores
            {
                public static Database {|ENG003:Notes|} { get; } = Database.FileBased("notes");
            }
            """,
            """
            using EngramDb;

            public static class Stores
            {
                public static Database Notes => EngramThreadSafe.GetThreadSafeContext("notes").Db;
            }
            """);

    [Fact]
    public Task Handle_from_a_context_keeps_only_the_path_and_a_static_readonly_path_is_reused() =>
        Verify.VerifyCodeFixAsync(
            """
            using EngramDb;

            static class Memory
            {
                static readonly string StorePath = System.Environment.GetEnvironmentVariable("STORE") ?? "memory";
                static Database {|ENG003:Db|} = EngramThreadSafe.GetThreadSafeContext(StorePath, chatId: "agent").Db;
            }
            """,
            """
            using EngramDb;

            static class Memory
            {
                static readonly string StorePath = System.Environment.GetEnvironmentVariable("STORE") ?? "memory";
                static Database Db => EngramThreadSafe.GetThreadSafeContext(StorePath).Db;
            }
            """);

    [Fact]
    public Task Using_directive_for_EngramDb_is_added_when_the_code_names_it_in_full() =>
        Verify.VerifyCodeFixAsync(
            """
            namespace App
            {
                static class Stores
                {
                    static readonly EngramDb.Database {|ENG003:Notes|} = EngramDb.Database.FileBased("notes");
                }
            }
            """,
            """
            using EngramDb;

            namespace App
            {
                static class Stores
                {
                    static EngramDb.Database Notes => EngramThreadSafe.GetThreadSafeContext("notes").Db;
                }
            }
            """);

    [Fact]
    public Task Current_handle_assigned_and_used_by_the_same_method_becomes_thread_static() =>
        Verify.VerifyCodeFixAsync(
            """
            using EngramDb;

            static class Worker
            {
                // The handle of the job this thread runs.
                private static Database? {|ENG003:_current|};

                public static void Run(string path)
                {
                    _current = Database.FileBased(path);
                    _current.ClearAll();
                }
            }
            """,
            """
            using System;
            using EngramDb;

            static class Worker
            {
                // The handle of the job this thread runs.
                [ThreadStatic]
                private static Database? _current;

                public static void Run(string path)
                {
                    _current = Database.FileBased(path);
                    _current.ClearAll();
                }
            }
            """);

    [Fact]
    public Task Lazily_created_static_becomes_thread_static_so_each_thread_creates_its_own() =>
        Verify.VerifyCodeFixAsync(
            """
            using System;
            using EngramDb;

            static class Stores
            {
                static Database? {|ENG003:_notes|};

                static Database Notes => _notes ??= Database.FileBased(Environment.GetEnvironmentVariable("NOTES") ?? "notes");
            }
            """,
            """
            using System;
            using EngramDb;

            static class Stores
            {
                [ThreadStatic]
                static Database? _notes;

                static Database Notes => _notes ??= Database.FileBased(Environment.GetEnvironmentVariable("NOTES") ?? "notes");
            }
            """);

    [Fact]
    public Task Fix_all_makes_every_static_per_thread_in_every_document()
    {
        var test = new Verify.Test();
        test.TestState.Sources.Add("""
            using EngramDb;

            static class Notes
            {
                static readonly Database {|ENG003:Store|} = Database.FileBased("notes");
                static readonly Database {|ENG003:Archive|} = Database.FileBased("archive");
            }
            """);
        test.TestState.Sources.Add("""
            using EngramDb;

            static class Jobs
            {
                static Database? {|ENG003:_current|};

                static void Run() { _current = Database.FileBased("jobs"); _current.ClearAll(); }
            }
            """);
        test.FixedState.Sources.Add("""
            using EngramDb;

            static class Notes
            {
                static Database Store => EngramThreadSafe.GetThreadSafeContext("notes").Db;
                static Database Archive => EngramThreadSafe.GetThreadSafeContext("archive").Db;
            }
            """);
        test.FixedState.Sources.Add("""
            using System;
            using EngramDb;

            static class Jobs
            {
                [ThreadStatic]
                static Database? _current;

                static void Run() { _current = Database.FileBased("jobs"); _current.ClearAll(); }
            }
            """);
        return test.RunAsync();
    }

    [Theory]
    // The path field can change, so the getter must not read it again.
    [InlineData(
        "static string _path = \"a\"; static readonly Database {|ENG003:Db|} = Database.FileBased(_path);",
        "static string _path = \"a\";\n    private static readonly ThreadSafeAgentContext Context = EngramThreadSafe.GetThreadSafeContext(_path);\n\n    static Database Db => Context.Db;")]
    // The path comes from a call, which may answer differently when called again.
    [InlineData(
        "static readonly Database {|ENG003:Db|} = Database.FileBased(System.IO.Path.GetTempFileName());",
        "private static readonly ThreadSafeAgentContext Context = EngramThreadSafe.GetThreadSafeContext(System.IO.Path.GetTempFileName());\n\n    static Database Db => Context.Db;")]
    public Task Path_that_cannot_be_evaluated_again_is_evaluated_once_into_a_static_context_the_getter_reads(string members, string fixedMembers) =>
        Verify.VerifyCodeFixAsync(
            $$"""
            using EngramDb;

            class C
            {
                {{members}}
            }
            """,
            $$"""
            using EngramDb;

            class C
            {
                {{fixedMembers}}
            }
            """);

    [Theory]
    // In memory: a per-thread getter would hand each thread a different, empty store.
    [InlineData("static readonly Database {|ENG003:Db|} = Database.InMemory();")]
    // Assigned again elsewhere: the initializer is not the only value the static holds.
    [InlineData("static Database {|ENG003:Db|} = Database.FileBased(\"a\"); static void Reset() => Db = Database.FileBased(\"b\");")]
    // Disposed by the program: the getter would dispose a handle that the context still hands out.
    [InlineData("static readonly Database {|ENG003:Db|} = Database.FileBased(\"a\"); static void Stop() => Db.Dispose();")]
    [InlineData("static readonly Database {|ENG003:Db|} = Database.FileBased(\"a\"); static void Stop() { using (Db) { } }")]
    // Attributes meant for a field cannot move to a property.
    [InlineData("[System.NonSerialized] static readonly Database {|ENG003:Db|} = Database.FileBased(\"a\");")]
    // [ThreadStatic] would run the initializer on one thread and leave every other thread with null.
    [InlineData("static Database {|ENG003:Db|} = Database.InMemory(); static void Use() => Db.ClearAll();")]
    // Assigned on one thread and read by another method: a [ThreadStatic] reader would find null.
    [InlineData("static Database? {|ENG003:Db|}; static void Open() => Db = Database.InMemory(); static void Use() => Db!.ClearAll();")]
    // Read by a lambda that does not assign it, which may run anywhere.
    [InlineData("static Database? {|ENG003:Db|}; static void Run() { Db = Database.InMemory(); System.Threading.Tasks.Task.Run(() => Db.ClearAll()); }")]
    // An await can resume the method on another thread, where a [ThreadStatic] field holds something else.
    [InlineData("static Database? {|ENG003:Db|}; static async System.Threading.Tasks.Task Run() { Db = Database.InMemory(); await System.Threading.Tasks.Task.Yield(); Db.ClearAll(); }")]
    // Kept in a Lazy<T>: uses go through .Value, so neither a getter nor [ThreadStatic] fits without rewriting them.
    [InlineData("static readonly System.Lazy<Database> {|ENG003:Db|} = new(() => Database.FileBased(\"a\"));")]
    public Task No_fix_when_a_per_thread_static_would_change_what_the_program_does(string members)
    {
        var source = $$"""
            using EngramDb;

            class C
            {
                {{members}}
            }
            """;
        return Verify.VerifyCodeFixAsync(source, source);
    }

    [Fact]
    public Task No_fix_for_an_AsyncLocal_which_flows_with_the_execution_context()
    {
        const string Source = """
            using System.Threading;
            using EngramDb;

            class C
            {
                private readonly AsyncLocal<Database> {|ENG003:_current|} = new();
            }
            """;
        return Verify.VerifyCodeFixAsync(Source, Source);
    }
}
