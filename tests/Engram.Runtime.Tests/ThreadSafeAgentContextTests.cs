using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Engram.Runtime.Tests.TestSupport;
using EngramDb;
using EngramDb.Embedding;
using EngramDb.Threading;
using Xunit;

namespace Engram.Runtime.Tests;

public sealed class ThreadSafeAgentContextTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string StorePath => _temp.Child("store");

    [Fact]
    public void Db_IsOneHandlePerThread_ReusedOnThatThread()
    {
        var ctx = EngramThreadSafe.GetThreadSafeContext(StorePath);

        var mine = ctx.Db;
        var other = OnThread.Run(() => ctx.Db);

        Assert.Same(mine, ctx.Db);
        Assert.NotSame(mine, other);
    }

    [Fact]
    public void ContextsOnTheSamePath_ShareTheThreadsHandle_AndDifferentPathsDoNot()
    {
        var a = EngramThreadSafe.GetThreadSafeContext(StorePath, chatId: "a");
        var b = EngramThreadSafe.GetThreadSafeContext(Path.Combine(StorePath, "..", "store"), chatId: "b");
        var elsewhere = EngramThreadSafe.GetThreadSafeContext(_temp.Child("other"));

        Assert.Equal(a.DbPath, b.DbPath);
        Assert.Same(a.Db, b.Db);
        Assert.NotSame(a.Db, elsewhere.Db);
        Assert.Equal(Path.GetFullPath(_temp.Child("other")), elsewhere.Db.Path);
    }

    [Fact]
    public void HandleReadOnOneThread_ThrowsTheUnsendableError_OnAnother()
    {
        var ctx = EngramThreadSafe.GetThreadSafeContext(StorePath);
        var handle = ctx.Db;

        var error = Assert.Throws<CrossThreadAccessException>(() => OnThread.Run(() => handle.ListAll()));

        Assert.Contains("EngramDb.Database is unsendable, but sent to another thread", error.Message);
        Assert.Contains($"ThreadId({Environment.CurrentManagedThreadId})", error.Message);
        Assert.Contains($"ThreadId({error.CallerThreadId})", error.Message);
        Assert.NotEqual(error.OwnerThreadId, error.CallerThreadId);
    }

    [Fact]
    public void StoreMessage_WritesTheAttributesEngramDbUses()
    {
        var ctx = EngramThreadSafe.GetThreadSafeContext(StorePath, chatId: "chat-7");
        var before = DateTimeOffset.UtcNow;

        var id = ctx.StoreMessage("user", "Hello there");

        var node = ctx.Db.Load(id);
        Assert.Equal("message", node.GetAttribute("memory_type"));
        Assert.Equal("user", node.GetAttribute("role"));
        Assert.Equal("Hello there", node.GetAttribute("content"));
        Assert.Equal("chat-7", node.GetAttribute("chat_id"));
        var at = DateTimeOffset.Parse((string)node.GetAttribute("timestamp")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(at, before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal(HashingTextEmbedder.Default.Embed("Hello there"), node.Embeddings);
        Assert.True(File.Exists(NodeFile(id)));
    }

    [Fact]
    public void GetChatHistory_ReturnsThisChatsMessages_NewestFirst_UpToTheLimit()
    {
        var ctx = EngramThreadSafe.GetThreadSafeContext(StorePath, chatId: "mine");
        var otherChat = EngramThreadSafe.GetThreadSafeContext(StorePath, chatId: "theirs");
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(ctx.StoreMessage(i % 2 == 0 ? "user" : "assistant", $"message {i}"));
            otherChat.StoreMessage("user", $"other {i}");
        }

        ctx.StoreMemory("requirement", "not a message");

        var history = ctx.GetChatHistory(limit: 3);

        Assert.Equal(new[] { ids[4], ids[3], ids[2] }, history.Select(m => m.Id));
        Assert.Equal(new[] { "message 4", "message 3", "message 2" }, history.Select(m => m.Content));
        Assert.Equal(new[] { "user", "assistant", "user" }, history.Select(m => m.Role));
        Assert.Equal(5, ctx.GetChatHistory(limit: 100).Count);
        Assert.Empty(ctx.GetChatHistory(limit: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ctx.GetChatHistory(limit: -1));
    }

    [Fact]
    public void StoreMemory_KeepsExtraAttributes_AndRejectsReservedOrUnsupportedOnes()
    {
        var ctx = EngramThreadSafe.GetThreadSafeContext(StorePath);

        var id = ctx.StoreMemory("component", "<form>", new Dictionary<string, object> { ["name"] = "ContactForm", ["lines"] = 42 });

        var node = ctx.Db.Load(id);
        Assert.Equal("component", node.GetAttribute("memory_type"));
        Assert.Equal("ContactForm", node.GetAttribute("name"));
        Assert.Equal(42L, node.GetAttribute("lines"));

        var reserved = Assert.Throws<ArgumentException>(() => ctx.StoreMemory("x", "y", new Dictionary<string, object> { ["chat_id"] = "forged" }));
        Assert.Contains("chat_id", reserved.Message);
        var unsupported = Assert.Throws<ArgumentException>(() => ctx.StoreMemory("x", "y", new Dictionary<string, object> { ["when"] = new object() }));
        Assert.Contains("when", unsupported.Message);
        Assert.Single(ctx.Db.ListAll());
    }

    [Fact]
    public void SearchSimilar_RanksByCosineSimilarity()
    {
        var ctx = EngramThreadSafe.GetThreadSafeContext(StorePath);
        var cat = ctx.StoreMemory("fact", "the cat sat on the mat");
        ctx.StoreMemory("fact", "quarterly revenue report for the board");
        ctx.StoreMemory("fact", "deploy the landing page to production");

        var hits = ctx.SearchSimilar("a cat on a mat", limit: 2);

        Assert.Equal(cat, hits[0].Node.Id);
        Assert.True(hits.Count <= 2);
        Assert.True(hits.Zip(hits.Skip(1), (a, b) => a.Similarity >= b.Similarity).All(ordered => ordered));
    }

    [Fact]
    public void AUserEmbedder_IsUsedForStoringAndSearching()
    {
        var embedder = new LengthEmbedder();
        var ctx = EngramThreadSafe.GetThreadSafeContext(StorePath, chatId: "embedded").WithEmbedder(embedder);

        var id = ctx.StoreMemory("fact", "abc");

        Assert.Equal(new[] { 3f, 1f }, ctx.Db.Load(id).Embeddings);
        Assert.Same(embedder, ctx.Embedder);
        Assert.Equal("embedded", ctx.ChatId);
        Assert.Same(EngramThreadSafe.GetThreadSafeContext(StorePath).Db, ctx.Db);
        Assert.Equal(id, Assert.Single(ctx.SearchSimilar("xyz", 5)).Node.Id);
    }

    [Fact]
    public void AWriteOnOneThread_IsVisibleToAnotherThreadsHandle_SearchIncluded()
    {
        var ctx = EngramThreadSafe.GetThreadSafeContext(StorePath);
        _ = ctx.Db.ListAll();

        var id = OnThread.Run(() => ctx.StoreMemory("fact", "written on another thread"));

        Assert.Contains(id, ctx.Db.ListAll());
        Assert.Equal("written on another thread", ctx.Db.Load(id).GetAttribute("content"));
        Assert.Equal(id, ctx.SearchSimilar("written on another thread", 1)[0].Node.Id);
    }

    [Fact]
    public async Task ManyThreadsStoringThroughOneContext_LoseNothing()
    {
        const int threads = 8;
        const int messagesPerThread = 250;
        var ctx = EngramThreadSafe.GetThreadSafeContext(StorePath, chatId: "load");
        var ids = new ConcurrentBag<Guid>();
        using var start = new ManualResetEventSlim();

        var workers = Enumerable.Range(0, threads).Select(t => Task.Factory.StartNew(() =>
        {
            start.Wait();
            for (var i = 0; i < messagesPerThread; i++)
            {
                ids.Add(ctx.StoreMessage("user", $"thread {t} message {i}"));
            }
        }, TaskCreationOptions.LongRunning)).ToArray();
        start.Set();
        await Task.WhenAll(workers);

        Assert.Equal(threads * messagesPerThread, ids.Distinct().Count());
        Assert.All(ids, id => Assert.True(File.Exists(NodeFile(id)), $"node file of {id} is missing"));
        Assert.All(ids, id => Assert.Equal("load", ctx.Db.Load(id).GetAttribute("chat_id")));
        Assert.Equal(threads * messagesPerThread, ctx.GetChatHistory(int.MaxValue).Count);
    }

    [Fact]
    public void EmptyPath_IsAnArgumentError()
    {
        Assert.Throws<ArgumentException>(() => EngramThreadSafe.GetThreadSafeContext(""));
        Assert.Throws<ArgumentException>(() => EngramThreadSafe.GetThreadSafeContext("   "));
    }

    [Fact]
    public void PathThatIsAFile_FailsAtCreation_NamingThePath()
    {
        var file = _temp.Child("not-a-dir");
        File.WriteAllText(file, "x");

        var error = Assert.ThrowsAny<IOException>(() => EngramThreadSafe.GetThreadSafeContext(file));

        Assert.Contains(file, error.Message);
    }

    [Fact]
    public void UnwritableStore_FailsStoreMessage_NamingThePath_AndNeverFallsBackToMemory()
    {
        var ctx = EngramThreadSafe.GetThreadSafeContext("/proc");

        var error = Assert.ThrowsAny<IOException>(() => ctx.StoreMessage("user", "lost?"));

        Assert.Contains("/proc", error.Message);
        Assert.Equal("/proc", ctx.Db.Path);
    }

    [Fact]
    public void StoreThatCannotBeCreated_FailsOnFirstUse_NamingThePath()
    {
        var ctx = EngramThreadSafe.GetThreadSafeContext("/proc/engram-cannot-exist");

        var error = Assert.ThrowsAny<IOException>(() => ctx.StoreMessage("user", "lost?"));

        Assert.Contains("/proc/engram-cannot-exist", error.Message);
    }

    private string NodeFile(Guid id)
    {
        var name = id.ToString();
        return Path.Combine(StorePath, name.Substring(0, 2), name + ".json");
    }

    private sealed class LengthEmbedder : ITextEmbedder
    {
        public int Dimensions => 2;

        public float[] Embed(string text) => new[] { (float)text.Length, 1f };
    }
}
