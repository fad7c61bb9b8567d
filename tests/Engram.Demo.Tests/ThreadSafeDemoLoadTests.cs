using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using Engram.Demo.Tests.TestSupport;
using Engram.Runtime.Tests.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace Engram.Demo.Tests;

/// <summary>samples/ThreadSafeDemo in real Kestrel, under the load that breaks the naive app.</summary>
[Collection(RealServersCollection.Name)]
public sealed class ThreadSafeDemoLoadTests : IDisposable
{
    private const int Requests = 400;
    private const int Concurrency = 32;

    private readonly TempDirectory _temp = new();
    private readonly ITestOutputHelper _output;

    public ThreadSafeDemoLoadTests(ITestOutputHelper output)
    {
        _output = output;
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ConcurrentStores_AllSucceed_OnSeveralThreads_AndNothingIsLost()
    {
        var storePath = _temp.Child("store");
        using var server = await ServerProcess.StartAsync(DemoApp.AssemblyPath, storePath);

        var load = await ConcurrentLoad.GetAsync(server.BaseAddress, "/store", Requests, Concurrency);
        _output.WriteLine($"/store: {load}");

        Assert.All(load.Replies, reply => Assert.True(reply.Status == 200, $"HTTP {reply.Status}: {reply.Body}"));
        var stored = load.Replies.Select(reply => StoreReply.Parse(reply.Body)).ToList();
        var memoryIds = stored.Select(s => s.MemoryId).ToHashSet();
        var threads = stored.Select(s => s.ThreadId).ToHashSet();
        _output.WriteLine($"{memoryIds.Count} distinct memory ids, served by {threads.Count} threads: {string.Join(", ", threads.Order())}");
        Assert.Equal(Requests, memoryIds.Count);
        Assert.True(threads.Count >= 2, $"All {Requests} requests were served by one thread; the load proved nothing.");
        Assert.All(stored, s => Assert.StartsWith($"Test message from thread {s.ThreadId} at ", s.Message));
        Assert.All(memoryIds, id => Assert.True(File.Exists(NodeFile(storePath, id)), $"memory {id} has no node file"));

        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        using var messages = JsonDocument.Parse(await client.GetStringAsync("/messages"));
        var count = messages.RootElement.GetProperty("count").GetInt32();
        var listed = messages.RootElement.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("id").GetGuid()).ToHashSet();
        _output.WriteLine($"/messages: count {count}");
        Assert.True(count >= Requests, $"/messages counts {count}, fewer than the {Requests} stored");
        Assert.Equal(count, listed.Count);
        Assert.Superset(memoryIds, listed);

        var concurrentPage = await client.GetStringAsync("/test-concurrent");
        Assert.Contains("Concurrent test: PASSED", concurrentPage);
        Assert.DoesNotContain("FAILED", concurrentPage);

        // The home page counts the messages above, /test-concurrent's 10 stores and its summary, and its own visit.
        var homePage = await client.GetStringAsync("/");
        Assert.Contains($"Messages stored so far: <b>{count + 10 + 1 + 1}</b>", homePage);

        Assert.DoesNotContain("Exception", server.Log);
        Assert.DoesNotContain("fail:", server.Log);
    }

    private static string NodeFile(string storePath, Guid id)
    {
        var name = id.ToString();
        return Path.Combine(storePath, name.Substring(0, 2), name + ".json");
    }

    private sealed record StoreReply(int ThreadId, string Message, Guid MemoryId)
    {
        public static StoreReply Parse(string body)
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            Assert.True(root.GetProperty("success").GetBoolean(), body);
            return new StoreReply(
                root.GetProperty("thread_id").GetInt32(),
                root.GetProperty("message").GetString()!,
                root.GetProperty("memory_id").GetGuid());
        }
    }
}
