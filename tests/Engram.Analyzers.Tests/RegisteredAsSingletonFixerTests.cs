using System.Threading.Tasks;
using Xunit;
using Verify = Engram.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Engram.Analyzers.Rules.RegisteredAsSingletonAnalyzer,
    Engram.Analyzers.CodeFixes.RegisteredAsSingletonFixer>;

namespace Engram.Analyzers.Tests;

public sealed class RegisteredAsSingletonFixerTests
{
    /// <summary>A start-up method with <c>services</c> and <c>path</c> in scope, holding <paramref name="statements"/>.</summary>
    private static string Startup(string statements, string otherMembers = "") => $$"""
        using System;
        using EngramDb;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.DependencyInjection.Extensions;

        public static class Startup
        {
            public static void Configure(IServiceCollection services, string path)
            {
                {{statements}}
            }
        {{otherMembers}}
        }
        """;

    [Theory]
    [InlineData("{|ENG004:services.AddSingleton(Database.FileBased(path))|};")]
    [InlineData("{|ENG004:services.AddSingleton<Database>(Database.FileBased(path))|};")]
    [InlineData("{|ENG004:services.AddSingleton(_ => Database.FileBased(path))|};")]
    [InlineData("{|ENG004:services.AddSingleton<Database>(provider => Database.FileBased(path))|};")]
    [InlineData("{|ENG004:services.AddSingleton(_ => { return Database.FileBased(path); })|};")]
    [InlineData("{|ENG004:services.AddSingleton(typeof(Database), _ => Database.FileBased(path))|};")]
    [InlineData("{|ENG004:services.AddSingleton(typeof(Database), Database.FileBased(path))|};")]
    public Task SingletonDatabase_NobodyInjects_BecomesAddEngramDb_WithThePath(string registration) =>
        Verify.VerifyCodeFixAsync(Startup(registration), Startup("services.AddEngramDb(path);"));

    [Fact]
    public Task ChainedRegistration_KeepsItsReceiverAndTheCallsAfterIt() =>
        Verify.VerifyCodeFixAsync(
            Startup("""{|ENG004:services.AddSingleton(Database.FileBased("data/" + path))|}.AddSingleton<Random>();"""),
            Startup("""services.AddEngramDb("data/" + path).AddSingleton<Random>();"""));

    [Fact]
    public Task HandlesCreatedElsewhere_DoNotBlockTheFix() =>
        Verify.VerifyCodeFixAsync(
            Startup(
                "{|ENG004:services.AddSingleton(_ => Database.FileBased(path))|};",
                "    public static int Count(string path) { using var db = Database.FileBased(path); return db.ListAll().Count; }"),
            Startup(
                "services.AddEngramDb(path);",
                "    public static int Count(string path) { using var db = Database.FileBased(path); return db.ListAll().Count; }"));

    [Fact]
    public Task EveryRegistrationInTheDocument_IsFixedAtOnce() =>
        Verify.VerifyCodeFixAsync(
            Startup("""
                {|ENG004:services.AddSingleton(Database.FileBased(path))|};
                        {|ENG004:services.AddSingleton(_ => Database.FileBased("other"))|};
                """),
            Startup("""
                services.AddEngramDb(path);
                        services.AddEngramDb("other");
                """));

    [Fact]
    public Task Types_the_container_injects_the_handle_into_take_the_context_and_read_its_Db() =>
        Verify.VerifyCodeFixAsync(
            Startup(
                "{|ENG004:services.AddSingleton(Database.FileBased(path))|}.AddScoped<NotesHandler>();",
                """
                    internal sealed class NotesHandler
                    {
                        private readonly Database _db;

                        public NotesHandler(Database db) => _db = db;

                        public int Count() => _db.ListAll().Count;
                    }
                """),
            Startup(
                "services.AddEngramDb(path).AddScoped<NotesHandler>();",
                """
                    internal sealed class NotesHandler
                    {
                        private readonly ThreadSafeAgentContext _ctx;

                        public NotesHandler(ThreadSafeAgentContext ctx) => _ctx = ctx;

                        public int Count() => _ctx.Db.ListAll().Count;
                    }
                """));

    [Fact]
    public Task Handle_resolved_from_the_container_is_the_contexts_Db() =>
        Verify.VerifyCodeFixAsync(
            Startup(
                "{|ENG004:services.AddSingleton(Database.FileBased(path))|};",
                "    public static int Count(IServiceProvider provider) => provider.GetRequiredService<Database>().ListAll().Count;"),
            Startup(
                "services.AddEngramDb(path);",
                "    public static int Count(IServiceProvider provider) => provider.GetRequiredService<ThreadSafeAgentContext>().Db.ListAll().Count;"));

    [Fact]
    public Task Repository_that_holds_the_handle_holds_the_context_and_keeps_its_singleton_registration() =>
        Verify.VerifyCodeFixAsync(
            Startup(
                """
                {|ENG004:services.AddSingleton(Database.FileBased(path))|};
                        {|ENG004:services.AddSingleton<NotesRepository>()|};
                """,
                """
                    internal sealed class NotesRepository(Database db)
                    {
                        public Guid Add(MemoryNode node) => db.Save(node);
                    }
                """),
            Startup(
                """
                services.AddEngramDb(path);
                        services.AddSingleton<NotesRepository>();
                """,
                """
                    internal sealed class NotesRepository(ThreadSafeAgentContext ctx)
                    {
                        public Guid Add(MemoryNode node) => ctx.Db.Save(node);
                    }
                """));

    [Theory]
    // The service is asked for by its Type, which the conversion cannot follow: after the fix the container would have none.
    [InlineData("{|ENG004:services.AddSingleton(Database.FileBased(path))|};", "    public static object Resolve(IServiceProvider provider) => provider.GetService(typeof(Database))!;")]
    [InlineData("{|ENG004:services.AddSingleton(Database.FileBased(path))|};", "    public static object Resolve(IServiceProvider provider) => provider.GetRequiredService(typeof(Database));")]
    // Every registered Database at once: the context is one service, not a list of handles.
    [InlineData("{|ENG004:services.AddSingleton(Database.FileBased(path))|};", "    public static int Count(IServiceProvider provider) => System.Linq.Enumerable.Count(provider.GetServices<Database>());")]
    // No per-thread equivalent registration.
    [InlineData("{|ENG004:services.AddSingleton(Database.InMemory())|};", "")]
    [InlineData("{|ENG004:services.AddKeyedSingleton(\"main\", Database.FileBased(path))|};", "")]
    [InlineData("{|ENG004:services.TryAddSingleton(Database.FileBased(path))|};", "")]
    [InlineData("{|ENG004:services.AddSingleton<object>(Database.FileBased(path))|};", "")]
    // The path comes from the service provider, which AddEngramDb's argument cannot see.
    [InlineData("{|ENG004:services.AddSingleton(provider => Database.FileBased(provider.ToString()!))|};", "")]
    // The factory does more than create the handle.
    [InlineData("{|ENG004:services.AddSingleton(_ => { Console.WriteLine(path); return Database.FileBased(path); })|};", "")]
    public Task NoFix_WhenTheRewriteWouldNotBeRight(string registration, string otherMembers)
    {
        var source = Startup(registration, otherMembers);
        return Verify.VerifyCodeFixAsync(source, source);
    }
}
