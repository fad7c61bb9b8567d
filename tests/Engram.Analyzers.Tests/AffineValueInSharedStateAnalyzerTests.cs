using System.Threading.Tasks;
using Engram.Analyzers.Tests.TestSupport;
using Xunit;
using Verify = Engram.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<Engram.Analyzers.Rules.AffineValueInSharedStateAnalyzer>;

namespace Engram.Analyzers.Tests;

public sealed class AffineValueInSharedStateAnalyzerTests
{
    // HOLE holds members of a class.
    private static readonly CodeTemplate Class = new("""
        using System;
        using System.Collections.Concurrent;
        using System.Collections.Generic;
        using System.Threading;
        using EngramDb;
        using EngramDb.Threading;

        class Holder
        {
            HOLE
        }
        """);

    // C# 14 properties using the `field` keyword (get => field ??= Database.FileBased(path)) are flagged as well; their
    // cases are in Engram.Analyzers.Tests.Roslyn5 (CSharp14Tests), which compiles with a Roslyn that knows `field`.
    [Theory]
    [InlineData("static Database? {|ENG003:s_db|};")]
    [InlineData("static readonly Database {|ENG003:s_db|} = Database.InMemory();")]
    [InlineData("static Database? {|ENG003:s_first|}, {|ENG003:s_second|};")]
    [InlineData("public static Database? {|ENG003:Shared|} { get; set; }")]
    [InlineData("public static Database {|ENG003:Shared|} { get; } = Database.InMemory();")]
    [InlineData("static readonly Lazy<Database> {|ENG003:s_lazy|} = new(Database.InMemory);")]
    [InlineData("static readonly Lazy<List<Database>> {|ENG003:s_lazyAll|} = new();")]
    [InlineData("static readonly AsyncLocal<Database> {|ENG003:s_current|} = new();")]
    [InlineData("readonly AsyncLocal<Database> {|ENG003:_current|} = new();")]
    [InlineData("public AsyncLocal<Database> {|ENG003:Current|} { get; } = new();")]
    [InlineData("static readonly Database[] {|ENG003:s_all|} = new Database[4];")]
    [InlineData("static readonly List<Database> {|ENG003:s_all|} = new();")]
    [InlineData("static readonly Dictionary<string, Database> {|ENG003:s_byPath|} = new();")]
    [InlineData("static readonly ConcurrentDictionary<int, Database> {|ENG003:s_byThread|} = new();")]
    [InlineData("static readonly Dictionary<string, List<Database>> {|ENG003:s_groups|} = new();")]
    [InlineData("static (Database Db, int Uses) {|ENG003:s_entry|};")]
    [InlineData("public static IReadOnlyList<Database>? {|ENG003:Handles|} { get; set; }")]
    public Task Flags_affine_values_in_static_or_flowing_state(string members) =>
        Verify.VerifyAnalyzerAsync(Class.Fill(members));

    [Theory]
    [InlineData("[ThreadStatic] static Database? t_db;")]
    [InlineData("static readonly ThreadLocal<Database> s_local = new(Database.InMemory);")]
    [InlineData("static readonly PerThread<Database> s_perThread = new(Database.InMemory);")]
    [InlineData("static readonly Dictionary<int, ThreadLocal<Database>> s_locals = new();")]
    [InlineData("readonly Database _db = Database.InMemory();")]
    [InlineData("public Database Db { get; } = Database.InMemory();")]
    [InlineData("readonly List<Database> _all = new();")]
    [InlineData("static Database Current => EngramThreadSafe.GetThreadSafeContext().Db;")]
    [InlineData("static Database Fresh { get { return Database.InMemory(); } }")]
    [InlineData("static Database Forwarded => t_db ??= Database.InMemory(); [ThreadStatic] static Database? t_db;")]
    [InlineData("static readonly ThreadSafeAgentContext s_context = EngramThreadSafe.GetThreadSafeContext();")]
    [InlineData("static readonly Lazy<ThreadSafeAgentContext> s_lazyContext = new(() => EngramThreadSafe.GetThreadSafeContext());")]
    [InlineData("static readonly MemoryNode s_node = new(new float[] { 1f });")]
    [InlineData("static readonly List<MemoryNode> s_nodes = new();")]
    [InlineData("const string Path = \"memory.engramdb\";")]
    [InlineData("static readonly Func<Database> s_open = Database.InMemory;")]
    [InlineData("static void Use() { var db = Database.InMemory(); db.ClearAll(); }")]
    public Task Does_not_flag_per_thread_instance_computed_or_sendable_state(string members) =>
        Verify.VerifyAnalyzerAsync(Class.Fill(members));

    [Theory]
    [InlineData("static Database? {|#0:s_db|};", "s_db", "a static field")]
    [InlineData("static Database? {|#0:Shared|} { get; set; }", "Shared", "a static property")]
    [InlineData("static readonly Lazy<Database> {|#0:s_lazy|} = new(Database.InMemory);", "s_lazy", "a static Lazy<T>")]
    [InlineData("readonly AsyncLocal<Database> {|#0:_current|} = new();", "_current", "an AsyncLocal<T>, which flows with the execution context")]
    [InlineData("static readonly List<Database> {|#0:s_all|} = new();", "s_all", "a static collection or container")]
    public Task Message_names_the_member_the_affine_type_and_where_it_is_kept(string members, string name, string place) =>
        Verify.VerifyAnalyzerAsync(
            Class.Fill(members),
            Verify.Diagnostic("ENG003").WithLocation(0).WithArguments(name, "EngramDb.Database", place));

    [Fact]
    public Task Flags_records_positional_AsyncLocal_and_statics_of_static_classes() =>
        Verify.VerifyAnalyzerAsync("""
            using System.Threading;
            using EngramDb;

            record Session(AsyncLocal<Database> {|ENG003:Current|});

            static class Registry
            {
                internal static Database? {|ENG003:Default|};
            }
            """);

    [Fact]
    public Task Flags_types_marked_with_a_ThreadAffineAttribute_declared_in_another_namespace() =>
        Verify.VerifyAnalyzerAsync("""
            using System;

            namespace Acme.Interop
            {
                [AttributeUsage(AttributeTargets.Class)]
                sealed class ThreadAffineAttribute : Attribute { }

                [ThreadAffine]
                sealed class ComHandle { }

                static class Cache
                {
                    static ComHandle? {|ENG003:s_handle|};
                    static object? s_other;
                }
            }
            """);

    // Statics of configured third-party types: REALM and PY are the members under test.
    private const string ThirdPartySource = ThirdPartyTypes.Declarations + """
        static class Cache
        {
            static Realms.Realm? REALM;
            static Python.Runtime.Interop.PyObject? PY;
            static PythonTools.Console? s_console;
        }
        """;

    [Fact]
    public Task Flags_types_configured_in_editorconfig_and_namespace_wildcards() =>
        Verify.VerifyAnalyzerWithEditorConfigAsync(
            ThirdPartySource.Replace("REALM", "{|ENG003:s_realm|}").Replace("PY", "{|ENG003:s_py|}"),
            "engram_thread_affine_types = Realms.Realm,Python.*");

    [Fact]
    public Task Flags_types_configured_in_globalconfig() =>
        Verify.VerifyAnalyzerWithGlobalConfigAsync(
            ThirdPartySource.Replace("REALM", "{|ENG003:s_realm|}").Replace("PY", "s_py"),
            "engram_thread_affine_types = Realms.Realm");

    [Fact]
    public Task Does_not_flag_unconfigured_types_or_namespaces_that_only_share_a_prefix() =>
        Verify.VerifyAnalyzerWithEditorConfigAsync(
            ThirdPartySource.Replace("REALM", "s_realm").Replace("PY", "s_py"),
            "engram_thread_affine_types = Realm, Pyth.*, Python.Runtime.Interop.PyObject.*");
}
