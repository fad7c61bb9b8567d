using System.Threading;
using System.Threading.Tasks;
using Engram.Analyzers.Rules;
using Engram.Analyzers.Tests.Verifiers;
using Xunit;
using Verify = Engram.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<Engram.Analyzers.Rules.RegisteredAsSingletonAnalyzer>;

namespace Engram.Analyzers.Tests;

public sealed class RegisteredAsSingletonAnalyzerTests
{
    private const string HoldContextAdvice =
        "let it hold the thread-safe context instead (inject ThreadSafeAgentContext and read its Db where a handle is needed), or register it as scoped or transient";

    private const string UseContextAdvice =
        "register the thread-safe context instead (services.AddEngramDb(path)), inject ThreadSafeAgentContext and read its Db where a handle is needed";

    /// <summary>Wraps registrations in a method with <c>services</c>, <c>db</c> and <c>path</c> in scope, beside a few test types.</summary>
    private static string Registering(string statements) => $$"""
        using System;
        using EngramDb;
        using EngramDb.Threading;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.DependencyInjection.Extensions;

        public interface IStore { }

        [ThreadAffine]
        public sealed class AffineStore : IStore { }

        public sealed class PlainStore : IStore { }

        public static class Startup
        {
            public static void Configure(IServiceCollection services, Database db, string path)
            {
        {{statements}}
            }

            private static AffineStore CreateAffineStore(IServiceProvider provider) => new AffineStore();

            private static PlainStore CreatePlainStore(IServiceProvider provider) => new PlainStore();
        }
        """;

    [Theory]
    [InlineData("{|ENG004:services.AddSingleton<Database>()|};")]
    [InlineData("{|ENG004:services.AddSingleton<IStore, AffineStore>()|};")]
    [InlineData("{|ENG004:services.AddSingleton(Database.FileBased(path))|};")]
    [InlineData("{|ENG004:services.AddSingleton<object>(db)|};")]
    [InlineData("{|ENG004:services.AddSingleton(typeof(Database))|};")]
    [InlineData("{|ENG004:services.AddSingleton(typeof(IStore), typeof(AffineStore))|};")]
    [InlineData("{|ENG004:services.AddSingleton(typeof(object), db)|};")]
    [InlineData("{|ENG004:services.AddSingleton(typeof(object), _ => Database.FileBased(path))|};")]
    [InlineData("{|ENG004:services.AddSingleton(_ => Database.FileBased(path))|};")]
    [InlineData("{|ENG004:services.AddSingleton<IStore>(_ => new AffineStore())|};")]
    [InlineData("{|ENG004:services.AddSingleton<IStore, AffineStore>(_ => new AffineStore())|};")]
    [InlineData("{|ENG004:services.AddSingleton<IStore>(CreateAffineStore)|};")]
    [InlineData("{|ENG004:services.AddSingleton<IStore>(_ => { if (path.Length == 0) { return new PlainStore(); } return new AffineStore(); })|};")]
    [InlineData("{|ENG004:ServiceCollectionServiceExtensions.AddSingleton<Database>(services)|};")]
    public Task AddSingleton_OfAThreadAffineType_InEveryForm_IsReported(string registration) =>
        Verify.VerifyAnalyzerAsync(Registering(registration));

    [Theory]
    [InlineData("{|ENG004:services.TryAddSingleton<Database>()|};")]
    [InlineData("{|ENG004:services.TryAddSingleton<IStore, AffineStore>()|};")]
    [InlineData("{|ENG004:services.TryAddSingleton(db)|};")]
    [InlineData("{|ENG004:services.TryAddSingleton(typeof(Database))|};")]
    [InlineData("{|ENG004:services.TryAddSingleton(typeof(IStore), typeof(AffineStore))|};")]
    [InlineData("{|ENG004:services.TryAddSingleton(typeof(object), _ => Database.FileBased(path))|};")]
    [InlineData("{|ENG004:services.TryAddSingleton<IStore>(_ => new AffineStore())|};")]
    public Task TryAddSingleton_OfAThreadAffineType_InEveryForm_IsReported(string registration) =>
        Verify.VerifyAnalyzerAsync(Registering(registration));

    [Theory]
    [InlineData("{|ENG004:services.AddKeyedSingleton<Database>(\"main\")|};")]
    [InlineData("{|ENG004:services.AddKeyedSingleton<IStore, AffineStore>(\"main\")|};")]
    [InlineData("{|ENG004:services.AddKeyedSingleton(\"main\", db)|};")]
    [InlineData("{|ENG004:services.AddKeyedSingleton(typeof(Database), serviceKey: \"main\")|};")]
    [InlineData("{|ENG004:services.AddKeyedSingleton(typeof(object), \"main\", db)|};")]
    [InlineData("{|ENG004:services.AddKeyedSingleton(typeof(object), \"main\", (_, _) => Database.FileBased(path))|};")]
    [InlineData("{|ENG004:services.AddKeyedSingleton<IStore>(\"main\", (_, _) => new AffineStore())|};")]
    [InlineData("{|ENG004:services.TryAddKeyedSingleton<Database>(\"main\")|};")]
    [InlineData("{|ENG004:services.TryAddKeyedSingleton(typeof(IStore), \"main\", typeof(AffineStore))|};")]
    [InlineData("{|ENG004:services.TryAddKeyedSingleton<IStore>(\"main\", (_, _) => new AffineStore())|};")]
    public Task KeyedSingleton_OfAThreadAffineType_InEveryForm_IsReported(string registration) =>
        Verify.VerifyAnalyzerAsync(Registering(registration));

    [Theory]
    [InlineData("services.Add({|ENG004:ServiceDescriptor.Singleton<Database>(_ => Database.FileBased(path))|});")]
    [InlineData("services.TryAdd({|ENG004:ServiceDescriptor.Singleton(typeof(object), db)|});")]
    [InlineData("services.Add({|ENG004:ServiceDescriptor.Singleton<IStore, AffineStore>()|});")]
    [InlineData("services.Add({|ENG004:ServiceDescriptor.KeyedSingleton<IStore>(\"main\", (_, _) => new AffineStore())|});")]
    public Task ServiceDescriptorSingleton_OfAThreadAffineType_IsReported(string registration) =>
        Verify.VerifyAnalyzerAsync(Registering(registration));

    [Theory]
    [InlineData("services.Add({|ENG004:new ServiceDescriptor(typeof(Database), db)|});")]
    [InlineData("services.Add({|ENG004:new ServiceDescriptor(typeof(IStore), typeof(AffineStore), ServiceLifetime.Singleton)|});")]
    [InlineData("services.Add({|ENG004:new ServiceDescriptor(typeof(IStore), _ => new AffineStore(), ServiceLifetime.Singleton)|});")]
    [InlineData("services.Add({|ENG004:new ServiceDescriptor(typeof(IStore), \"main\", typeof(AffineStore), ServiceLifetime.Singleton)|});")]
    [InlineData("services.Add({|ENG004:ServiceDescriptor.Describe(typeof(IStore), typeof(AffineStore), ServiceLifetime.Singleton)|});")]
    public Task ServiceDescriptor_MadeWithAnInstanceOrSingletonLifetime_IsReported(string registration) =>
        Verify.VerifyAnalyzerAsync(Registering(registration));

    [Theory]
    [InlineData("services.Add(new ServiceDescriptor(typeof(IStore), typeof(AffineStore), ServiceLifetime.Scoped));")]
    [InlineData("services.Add(ServiceDescriptor.Describe(typeof(IStore), typeof(AffineStore), ServiceLifetime.Transient));")]
    [InlineData("services.Add(new ServiceDescriptor(typeof(IStore), typeof(PlainStore), ServiceLifetime.Singleton));")]
    [InlineData("var lifetime = path.Length > 0 ? ServiceLifetime.Scoped : ServiceLifetime.Transient; services.Add(new ServiceDescriptor(typeof(IStore), typeof(AffineStore), lifetime));")]
    public Task ServiceDescriptor_WithAnotherOrUnknownLifetime_IsNotReported(string registration) =>
        Verify.VerifyAnalyzerAsync(Registering(registration));

    [Fact]
    public Task HostedServices_HoldingAHandle_AreReported_WithAdviceForHolders() =>
        Verify.VerifyAnalyzerAsync("""
            using System.Threading;
            using System.Threading.Tasks;
            using EngramDb;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;

            public sealed class IndexingWorker : BackgroundService
            {
                private readonly Database _db = Database.FileBased("index.engramdb");

                protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.CompletedTask;
            }

            public sealed class ContextWorker : BackgroundService
            {
                private readonly ThreadSafeAgentContext _ctx = EngramThreadSafe.GetThreadSafeContext("index.engramdb");

                protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.CompletedTask;
            }

            public static class Startup
            {
                public static void Configure(IServiceCollection services)
                {
                    {|#0:services.AddHostedService<IndexingWorker>()|};
                    {|#1:services.AddHostedService(_ => new IndexingWorker())|};
                    services.AddHostedService<ContextWorker>();
                }
            }
            """,
            Verify.Diagnostic("ENG004").WithLocation(0).WithArguments("IndexingWorker", " (it holds 'EngramDb.Database' in field '_db')", "AddHostedService", HoldContextAdvice),
            Verify.Diagnostic("ENG004").WithLocation(1).WithArguments("IndexingWorker", " (it holds 'EngramDb.Database' in field '_db')", "AddHostedService", HoldContextAdvice));

    [Theory]
    [InlineData("services.AddSingleton(EngramThreadSafe.GetThreadSafeContext(path));")]
    [InlineData("services.AddSingleton(_ => EngramThreadSafe.GetThreadSafeContext(path));")]
    [InlineData("services.TryAddSingleton(EngramThreadSafe.GetThreadSafeContext(path));")]
    [InlineData("services.AddKeyedSingleton(\"main\", EngramThreadSafe.GetThreadSafeContext(path));")]
    [InlineData("services.AddEngramDb(path);")]
    [InlineData("services.AddSingleton<IStore, PlainStore>();")]
    [InlineData("services.AddSingleton<IStore>(CreatePlainStore);")]
    [InlineData("services.AddSingleton(typeof(IStore), typeof(PlainStore));")]
    [InlineData("services.AddSingleton(new MemoryNode(new[] { 1f }));")]
    public Task Singleton_OfASendableType_IsNotReported(string registration) =>
        Verify.VerifyAnalyzerAsync(Registering(registration));

    [Theory]
    [InlineData("services.AddTransient<Database>();")]
    [InlineData("services.AddTransient(_ => Database.FileBased(path));")]
    [InlineData("services.AddScoped<IStore, AffineStore>();")]
    [InlineData("services.AddScoped(typeof(Database));")]
    [InlineData("services.TryAddScoped<IStore>(_ => new AffineStore());")]
    [InlineData("services.AddKeyedTransient<Database>(\"main\");")]
    [InlineData("services.TryAddKeyedScoped(typeof(IStore), \"main\", typeof(AffineStore));")]
    [InlineData("services.Add(ServiceDescriptor.Scoped<Database>(_ => Database.FileBased(path)));")]
    public Task TransientAndScopedRegistrations_AreNotReported(string registration) =>
        Verify.VerifyAnalyzerAsync(Registering(registration));

    [Theory]
    // The factory opens a handle but keeps only a sendable result.
    [InlineData("services.AddSingleton(_ => { using var local = Database.FileBased(path); return local.ListAll(); });")]
    // A singleton factory delegate makes a new handle on each call, on the caller's thread.
    [InlineData("services.AddSingleton<Func<Database>>(_ => () => Database.FileBased(path));")]
    // A thread-affine value used as the key is not the registered service.
    [InlineData("services.AddKeyedSingleton<IStore, PlainStore>(db);")]
    public Task Singleton_WhoseServiceIsNotThreadAffine_IsNotReported(string registration) =>
        Verify.VerifyAnalyzerAsync(Registering(registration));

    [Fact]
    public Task Message_NamesTheTypeAndTheMethod_AndForDatabaseAdvisesAddEngramDb() =>
        Verify.VerifyAnalyzerAsync(
            Registering("{|#0:services.TryAddSingleton(_ => Database.FileBased(path))|};"),
            Verify.Diagnostic("ENG004").WithLocation(0).WithArguments("EngramDb.Database", "", "TryAddSingleton", UseContextAdvice));

    [Fact]
    public Task ConfiguredThirdPartyType_IsReported_WithPerThreadAdvice() =>
        Verify.VerifyAnalyzerWithEditorConfigAsync(
            """
            using Microsoft.Extensions.DependencyInjection;

            namespace Realms { public sealed class Realm { } }

            public static class Startup
            {
                public static void Configure(IServiceCollection services) =>
                    {|#0:services.AddSingleton(new Realms.Realm())|};
            }
            """,
            "engram_thread_affine_types = Realms.Realm",
            Verify.Diagnostic("ENG004").WithLocation(0).WithArguments(
                "Realms.Realm", "", "AddSingleton", "create it on the thread that uses it instead, or keep one per thread with PerThread<T>"));

    [Fact]
    public Task LookalikeAddSingleton_OutsideDependencyInjection_IsNotReported() =>
        Verify.VerifyAnalyzerAsync(Registering("Registry.AddSingleton(db);") + """

            public static class Registry
            {
                public static void AddSingleton(object service) { }
            }
            """);

    [Fact]
    public async Task WithoutTheDependencyInjectionAbstractions_NothingIsRegisteredOrReported()
    {
        var test = new CSharpAnalyzerVerifier<RegisteredAsSingletonAnalyzer>.Test
        {
            TestCode = """
                using EngramDb;

                public static class ServiceCollectionServiceExtensions
                {
                    public static void AddSingleton<T>(T service) { }
                }

                public static class Startup
                {
                    public static void Configure(Database db) => ServiceCollectionServiceExtensions.AddSingleton(db);
                }
                """,
        };
        test.TestState.AdditionalReferences.Remove(EngramTestSetup.DependencyInjectionReference);
        await test.RunAsync(CancellationToken.None);
    }
}
