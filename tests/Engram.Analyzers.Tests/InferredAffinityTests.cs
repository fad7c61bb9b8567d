using System.Threading.Tasks;
using Engram.Analyzers.Tests.TestSupport;
using Xunit;
using CapturedVerify = Engram.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<Engram.Analyzers.Rules.CapturedByOtherThreadAnalyzer>;
using SharedStateVerify = Engram.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<Engram.Analyzers.Rules.AffineValueInSharedStateAnalyzer>;
using SingletonVerify = Engram.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<Engram.Analyzers.Rules.RegisteredAsSingletonAnalyzer>;

namespace Engram.Analyzers.Tests;

/// <summary>
/// A class, struct or record whose instance state holds a thread-affine value is thread-affine itself, for every
/// rule, unless it is sendable.
/// </summary>
public sealed class InferredAffinityTests
{
    // HOLE: statements run in Run, with `repo` a NotesRepository (holds a Database) and holders of every other shape.
    private static readonly CodeTemplate Holders = new("""
        using System;
        using System.Collections.Concurrent;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using EngramDb;
        using EngramDb.Threading;

        public interface ILogger<T> { }

        public sealed class NotesRepository
        {
            private readonly Database _db;

            public NotesRepository(Database db) => _db = db;

            public int Count() => _db.ListAll().Count;

            public string Name() => "notes";
        }

        public sealed class NotesService
        {
            private readonly NotesRepository _repo = new(Database.InMemory());

            public int Count() => _repo.Count();
        }

        public sealed class AutoPropertyHolder { public Database Db { get; } = Database.InMemory(); }

        public sealed record RecordHolder(Database Db);

        public struct StructHolder { public Database Db; }

        public sealed class PrimaryConstructorHolder(Database db) { public int Count() => db.ListAll().Count; }

        public sealed class PrimaryConstructorCopier(Database db) { private readonly int _count = db.ListAll().Count; public int Count => _count; }

        public sealed class CacheHolder { private readonly ConcurrentDictionary<string, Database> _byPath = new(); }

        public sealed class LazyHolder { private readonly Lazy<Database> _db = new(Database.InMemory); }

        public sealed class TupleHolder { private (Database Db, int Count) _state; }

        public sealed class Wrapper<T> { private readonly T _value; public Wrapper(T value) => _value = value; }

        public sealed class LinkedNode { private LinkedNode? _next; private readonly Database _db = Database.InMemory(); }

        public sealed class CycleA { private CycleB? _b; }

        public sealed class CycleB { private CycleA? _a; private readonly Database _db = Database.InMemory(); }

        // Asked first, LeadingCycle meets itself through TrailingCycle, whose answer on that path is only provisional.
        public sealed class LeadingCycle { private TrailingCycle? _next; private readonly Database _db = Database.InMemory(); }

        public sealed class TrailingCycle { private LeadingCycle? _back; }

        public sealed class PlainCycleA { private PlainCycleB? _b; }

        public sealed class PlainCycleB { private PlainCycleA? _a; }

        public class BaseHolder { protected readonly Database Db = Database.InMemory(); }

        public sealed class DerivedHolder : BaseHolder { }

        [Sendable]
        public sealed class SharedPool { private readonly Dictionary<int, Database> _byThread = new(); }

        public sealed class UsesSendable { private readonly SharedPool _pool = new(); }

        public sealed class PerThreadHolder { private readonly ThreadLocal<Database> _db = new(Database.InMemory); private readonly PerThread<Database> _handles = new(Database.InMemory); }

        public sealed class FactoryHolder { private readonly Func<Database> _open = Database.InMemory; }

        public sealed class LoggerHolder { private readonly ILogger<NotesRepository>? _logger; private readonly IComparer<NotesRepository>? _comparer; }

        public sealed class ContextHolder { private readonly ThreadSafeAgentContext _ctx = EngramThreadSafe.GetThreadSafeContext(); }

        public sealed class StaticOnlyHolder { private static readonly ThreadLocal<Database> s_db = new(Database.InMemory); private readonly int _count; }

        public sealed partial class PartialHolder { private readonly int _count; }

        public sealed partial class PartialHolder { private readonly Database _first = Database.InMemory(), _second = Database.InMemory(); }

        public sealed record BodyRecord { public Database? Db { get; init; } }

        public readonly record struct PositionalStruct(int Count, Database Db);

        public sealed record PositionalWithBody(int Count) { private readonly Database _db = Database.InMemory(); }

        public sealed record PositionalWithoutHandle(int Count, IReadOnlyList<string> Tags) { public int Total => Count + Tags.Count; }

        public sealed class ComputedAndCaptured(Database db) { public Database Db => db; }

        public sealed class ComputedHolder { private readonly Func<Database> _open = Database.InMemory; public Database Db => _open(); }

        public sealed class StaticPropertyHolder { public static Database Shared { get; } = Database.InMemory(); public static event Action<Database>? Opened; }

        public abstract class AbstractHolder { public abstract Database Db { get; } }

        class Worker
        {
            void Run(NotesRepository repo, NotesService service, AutoPropertyHolder auto, RecordHolder record, StructHolder value,
                PrimaryConstructorHolder primary, PrimaryConstructorCopier copier, CacheHolder cache, LazyHolder lazy, TupleHolder tuple,
                Wrapper<Database> wrapped, Wrapper<string> wrappedText, LinkedNode node, CycleA cycle, PlainCycleA plainCycle,
                DerivedHolder derived, SharedPool pool, UsesSendable usesSendable, PerThreadHolder perThread, FactoryHolder factory,
                LoggerHolder logger, ContextHolder context, StaticOnlyHolder staticOnly, PartialHolder partial, BodyRecord bodyRecord,
                PositionalStruct positionalStruct, ComputedAndCaptured computedAndCaptured, ComputedHolder computed,
                StaticPropertyHolder staticProperty, AbstractHolder abstractHolder, LeadingCycle leading, TrailingCycle trailing,
                PositionalWithBody positionalWithBody, PositionalWithoutHandle positionalWithoutHandle)
            {
                HOLE
            }
        }
        """);

    [Theory]
    [InlineData("Task.Run(() => {|ENG001:repo|}.Count());")]
    [InlineData("Task.Run(() => {|ENG001:service|}.Count());")]
    [InlineData("Task.Run(() => {|ENG001:auto|}.ToString());")]
    [InlineData("Task.Run(() => {|ENG001:record|}.ToString());")]
    [InlineData("Task.Run(() => {|ENG001:value|}.ToString());")]
    [InlineData("Task.Run(() => {|ENG001:primary|}.Count());")]
    [InlineData("Task.Run(() => {|ENG001:cache|}.ToString());")]
    [InlineData("Task.Run(() => {|ENG001:lazy|}.ToString());")]
    [InlineData("Task.Run(() => {|ENG001:tuple|}.ToString());")]
    [InlineData("Task.Run(() => {|ENG001:wrapped|}.ToString());")]
    [InlineData("Task.Run(() => {|ENG001:node|}.ToString());")]
    [InlineData("Task.Run(() => {|ENG001:cycle|}.ToString());")]
    [InlineData("Task.Run(() => {|ENG001:leading|}.ToString()); Task.Run(() => {|ENG001:trailing|}.ToString());")]
    [InlineData("Task.Run(() => {|ENG001:derived|}.ToString());")]
    [InlineData("Task.Run(() => {|ENG001:partial|}.ToString());")]
    [InlineData("Task.Run(() => {|ENG001:bodyRecord|}.ToString());")]
    [InlineData("Task.Run(() => {|ENG001:positionalStruct|}.ToString());")]
    [InlineData("Task.Run(() => {|ENG001:positionalWithBody|}.ToString());")]
    [InlineData("Task.Run(() => {|ENG001:computedAndCaptured|}.ToString());")]
    public Task Types_whose_instance_state_holds_a_handle_are_thread_affine(string statements) =>
        CapturedVerify.VerifyAnalyzerAsync(Holders.Fill(statements));

    [Theory]
    [InlineData("Task.Run(() => copier.Count);")]
    [InlineData("Task.Run(() => wrappedText.ToString());")]
    [InlineData("Task.Run(() => plainCycle.ToString());")]
    [InlineData("Task.Run(() => pool.ToString());")]
    [InlineData("Task.Run(() => usesSendable.ToString());")]
    [InlineData("Task.Run(() => perThread.ToString());")]
    [InlineData("Task.Run(() => factory.ToString());")]
    [InlineData("Task.Run(() => logger.ToString());")]
    [InlineData("Task.Run(() => context.ToString());")]
    [InlineData("Task.Run(() => staticOnly.ToString());")]
    [InlineData("Task.Run(() => positionalWithoutHandle.ToString());")]
    // A property computed from a factory, static state, an abstract property: no instance field keeps a handle.
    [InlineData("Task.Run(() => computed.ToString());")]
    [InlineData("Task.Run(() => staticProperty.ToString());")]
    [InlineData("Task.Run(() => abstractHolder.ToString());")]
    // Only members that leave the handle alone: the repository's Name never touches _db.
    [InlineData("Task.Run(() => repo.Name());")]
    public Task Types_that_hold_no_handle_or_are_sendable_are_not_thread_affine(string statements) =>
        CapturedVerify.VerifyAnalyzerAsync(Holders.Fill(statements));

    [Fact]
    public Task Message_says_what_the_type_holds_and_where() =>
        CapturedVerify.VerifyAnalyzerAsync(
            Holders.Fill("Task.Run(() => {|#0:repo|}.Count()); Task.Run(() => {|#1:service|}.Count()); Task.Run(() => {|#2:auto|}.ToString()); Task.Run(() => {|#3:primary|}.Count());"),
            CapturedByTaskRun(0, "repo", "NotesRepository", "field '_db'"),
            CapturedByTaskRun(1, "service", "NotesService", "'_repo._db'"),
            CapturedByTaskRun(2, "auto", "AutoPropertyHolder", "property 'Db'"),
            CapturedByTaskRun(3, "primary", "PrimaryConstructorHolder", "captured parameter 'db'"));

    [Fact]
    public Task Message_names_the_first_field_in_declaration_order_and_the_captured_parameter_behind_a_computed_property() =>
        CapturedVerify.VerifyAnalyzerAsync(
            Holders.Fill("Task.Run(() => {|#0:partial|}.ToString()); Task.Run(() => {|#1:computedAndCaptured|}.ToString()); Task.Run(() => {|#2:positionalStruct|}.ToString());"),
            CapturedByTaskRun(0, "partial", "PartialHolder", "field '_first'"),
            CapturedByTaskRun(1, "computedAndCaptured", "ComputedAndCaptured", "captured parameter 'db'"),
            CapturedByTaskRun(2, "positionalStruct", "PositionalStruct", "property 'Db'"));

    [Fact]
    public Task Sendable_types_configured_in_editorconfig_end_inference() =>
        CapturedVerify.VerifyAnalyzerWithEditorConfigAsync(
            Holders.Fill("Task.Run(() => repo.Count()); Task.Run(() => {|ENG001:cache|}.ToString());"),
            "engram_sendable_types = NotesRepository");

    [Fact]
    public Task A_repository_holding_a_handle_registered_as_a_singleton_is_reported() =>
        SingletonVerify.VerifyAnalyzerAsync("""
            using EngramDb;
            using Microsoft.Extensions.DependencyInjection;

            public interface INotesRepository { int Count(); }

            public sealed class NotesRepository : INotesRepository
            {
                private readonly Database _db = Database.FileBased("notes.engramdb");

                public int Count() => _db.ListAll().Count;
            }

            public sealed class NotesContext
            {
                private readonly ThreadSafeAgentContext _ctx = EngramThreadSafe.GetThreadSafeContext("notes.engramdb");
            }

            public static class Startup
            {
                public static void Configure(IServiceCollection services)
                {
                    {|ENG004:services.AddSingleton<NotesRepository>()|};
                    {|ENG004:services.AddSingleton<INotesRepository, NotesRepository>()|};
                    services.AddScoped<NotesRepository>();
                    services.AddSingleton<NotesContext>();
                }
            }
            """);

    [Fact]
    public Task A_static_field_of_an_inferred_type_is_shared_state() =>
        SharedStateVerify.VerifyAnalyzerAsync("""
            using EngramDb;

            public sealed class NotesRepository
            {
                private readonly Database _db = Database.FileBased("notes.engramdb");
            }

            public static class Registry
            {
                public static readonly NotesRepository {|ENG003:Notes|} = new();

                private static readonly System.Collections.Generic.List<NotesRepository> {|ENG003:s_all|} = new();
            }
            """);

    [Fact]
    public Task Broken_code_with_unknown_field_types_and_self_referencing_generics_is_not_affine() =>
        CapturedVerify.VerifyAnalyzerAsync("""
            using System.Threading.Tasks;

            public sealed class Broken { private {|CS0246:Missing|} _missing; private Broken _self; }

            public class SelfGeneric<T> where T : SelfGeneric<T> { private T? _next; }

            public sealed class Closed : SelfGeneric<Closed> { }

            class Worker
            {
                void Run(Broken broken, SelfGeneric<Closed> generic) => Task.Run(() => broken.ToString() + generic.ToString());
            }
            """);

    // The ENG001 report at markup location #location for a holder captured by Task.Run, holding a Database in `where`.
    private static Microsoft.CodeAnalysis.Testing.DiagnosticResult CapturedByTaskRun(int location, string name, string type, string where) =>
        CapturedVerify.Diagnostic("ENG001").WithLocation(location).WithArguments(
            name, type, $" (it holds 'EngramDb.Database' in {where})", "captured by a delegate passed to 'Task.Run', which runs on another thread");
}
