using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Engram.Runtime.Tests.TestSupport;
using EngramDb;
using EngramDb.Threading;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Engram.Runtime.Tests;

[Collection(ProcessEnvironmentCollection.Name)]
public sealed class DependencyInjectionTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string StorePath => _temp.Child("store");

    [Fact]
    public void AddEngramDb_RegistersTheContextAsASingleton_AndNoDatabase()
    {
        var services = new ServiceCollection();

        var returned = services.AddEngramDb(StorePath, chatId: "chat-1");

        Assert.Same(services, returned);
        var descriptor = Assert.Single(services);
        Assert.Equal(typeof(ThreadSafeAgentContext), descriptor.ServiceType);
        Assert.Equal(ServiceLifetime.Singleton, descriptor.Lifetime);
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(Database));
    }

    [Fact]
    public void ResolvedContext_IsTheSameInstance_InEveryScopeAndThread_ForTheGivenPathAndChat()
    {
        using var provider = new ServiceCollection().AddEngramDb(StorePath, chatId: "chat-1").BuildServiceProvider();

        var root = provider.GetRequiredService<ThreadSafeAgentContext>();
        using var scope = provider.CreateScope();
        var scoped = scope.ServiceProvider.GetRequiredService<ThreadSafeAgentContext>();
        var fromOtherThread = OnThread.Run(() => provider.GetRequiredService<ThreadSafeAgentContext>());

        Assert.Same(root, scoped);
        Assert.Same(root, fromOtherThread);
        Assert.Equal(Path.GetFullPath(StorePath), root.DbPath);
        Assert.Equal("chat-1", root.ChatId);
    }

    [Fact]
    public void ChatId_WhenOmitted_IsANewIdPerRegistration()
    {
        var first = Resolve(new ServiceCollection().AddEngramDb(StorePath));
        var second = Resolve(new ServiceCollection().AddEngramDb(StorePath));

        Assert.True(Guid.TryParse(first.ChatId, out _), $"'{first.ChatId}' is not a generated id");
        Assert.NotEqual(first.ChatId, second.ChatId);
    }

    [Fact]
    public void Path_WhenOmitted_IsEngramDbPathVariable_ElseAgentMemoryFile()
    {
        var previous = Environment.GetEnvironmentVariable(EngramThreadSafe.PathEnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(EngramThreadSafe.PathEnvironmentVariable, StorePath);
            Assert.Equal(Path.GetFullPath(StorePath), Resolve(new ServiceCollection().AddEngramDb()).DbPath);

            Environment.SetEnvironmentVariable(EngramThreadSafe.PathEnvironmentVariable, null);
            Assert.Equal(Path.GetFullPath(EngramThreadSafe.DefaultPath), Resolve(new ServiceCollection().AddEngramDb()).DbPath);
        }
        finally
        {
            Environment.SetEnvironmentVariable(EngramThreadSafe.PathEnvironmentVariable, previous);
        }
    }

    [Fact]
    public void PathThatIsAFile_FailsAtRegistration_NamingThePath()
    {
        var file = _temp.Child("not-a-dir");
        File.WriteAllText(file, "x");
        var services = new ServiceCollection();

        var error = Assert.ThrowsAny<IOException>(() => services.AddEngramDb(file));

        Assert.Contains(file, error.Message);
        Assert.Empty(services);
    }

    [Fact]
    public void NullServices_IsAnArgumentError()
    {
        var error = Assert.Throws<ArgumentNullException>(() => EngramServiceCollectionExtensions.AddEngramDb(null!, StorePath));

        Assert.Equal("services", error.ParamName);
    }

    [Fact]
    public void ResolvedContextsDb_IsTheCallingThreadsOwnHandle()
    {
        var ctx = Resolve(new ServiceCollection().AddEngramDb(StorePath));

        var mine = ctx.Db;
        var other = OnThread.Run(() => ctx.Db);

        Assert.Same(mine, ctx.Db);
        Assert.NotSame(mine, other);
        Assert.Throws<CrossThreadAccessException>(() => OnThread.Run(() => mine.ListAll()));
    }

    [Fact]
    public async Task ResolvedContext_StoresFromManyThreads_WithoutLoss()
    {
        using var provider = new ServiceCollection().AddEngramDb(StorePath, chatId: "di-load").BuildServiceProvider();
        const int threads = 6;
        const int messagesPerThread = 20;
        var ids = new ConcurrentBag<Guid>();
        var threadIds = new ConcurrentBag<int>();
        using var start = new ManualResetEventSlim();

        var workers = Enumerable.Range(0, threads).Select(t => Task.Factory.StartNew(() =>
        {
            // Each worker resolves the singleton itself, as a request handler would.
            var ctx = provider.GetRequiredService<ThreadSafeAgentContext>();
            start.Wait();
            threadIds.Add(Environment.CurrentManagedThreadId);
            for (var i = 0; i < messagesPerThread; i++)
            {
                ids.Add(ctx.StoreMessage("user", $"thread {t} message {i}"));
            }
        }, TaskCreationOptions.LongRunning)).ToArray();
        start.Set();
        await Task.WhenAll(workers);

        var history = provider.GetRequiredService<ThreadSafeAgentContext>().GetChatHistory(int.MaxValue);
        Assert.Equal(threads, threadIds.Distinct().Count());
        Assert.Equal(threads * messagesPerThread, ids.Distinct().Count());
        Assert.Equal(ids.OrderBy(id => id), history.Select(m => m.Id).OrderBy(id => id));
    }

    private static ThreadSafeAgentContext Resolve(IServiceCollection services)
    {
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<ThreadSafeAgentContext>();
    }
}
