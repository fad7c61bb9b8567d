using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using Engram.Runtime.Tests.TestSupport;
using EngramDb;
using EngramDb.Storage;
using Xunit;

namespace Engram.Runtime.Tests;

/// <summary>
/// The index behind search and chat history: one per directory, built on first use, current with every write of this
/// process and of others (including EngramDB-style writers that rewrite files in place without locks).
/// </summary>
public sealed class StoreIndexTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string StorePath => _temp.Child("store");

    [Fact]
    public void TheIndex_IsBuiltOnFirstSearch_NotAtOpen_AndSharedByEveryHandleOnTheDirectory()
    {
        using var first = Database.FileBased(StorePath);
        using var second = Database.FileBased(Path.Combine(StorePath, "..", "store"));
        var store = FileNodeStore.Open(StorePath);
        try
        {
            var id = first.Save(new MemoryNode(new[] { 1f, 2f }));
            Assert.False(store.Index.IsBuilt);

            Assert.Equal(id, second.SearchSimilar(new[] { 1f, 2f }, 1, 0.9f).Single().Id);

            Assert.True(store.Index.IsBuilt);
            Assert.Same(store.Index, FileNodeStore.Open(StorePath).Index);
            FileNodeStore.Open(StorePath).Release();
        }
        finally
        {
            store.Release();
        }
    }

    [Fact]
    public void AnEmptyStore_IsIndexed_AndSearchAndChatHistoryFindNothing_UntilANodeIsWritten()
    {
        var ctx = EngramThreadSafe.GetThreadSafeContext(StorePath, chatId: "empty");

        Assert.Empty(ctx.Db.SearchSimilar(new[] { 1f, 0f }, 10, 0f));
        Assert.Empty(ctx.GetChatHistory(10));
        Assert.Empty(ctx.Db.UnreadableNodes);

        var id = ctx.StoreMessage("user", "first");
        Assert.Equal(new[] { id }, ctx.GetChatHistory(10).Select(message => message.Id));
    }

    [Fact]
    public void AnotherProcessesWrites_AreSeenByTheNextSearch_OfAnIndexAlreadyBuilt()
    {
        using var db = Database.FileBased(StorePath);
        var source = db.Save(new MemoryNode(new[] { 0f, 0f, 1f }));
        Assert.Equal(source, db.SearchSimilar(new[] { 0f, 0f, 1f }, 5, 0.5f).Single().Id);

        var written = StoreWriterProcess.Run(StorePath, source, count: 5, name: "other");

        var hits = db.SearchSimilar(new[] { 1f, 2f }, 10, 0.99f).Select(hit => hit.Id).ToList();
        Assert.Contains(written[2], hits);
        Assert.Equal(written.OrderBy(id => id), db.GetConnections(source).Select(c => c.TargetId).OrderBy(id => id));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void InPlaceRewritesByAProcessThatTakesNoLockAndRenamesNothing_AreSeenByTheNextCall(bool watchForChanges)
    {
        // Without the change watch (other systems, or inotify refused), every call rescans the files' versions instead.
        using var handle = Database.FileBased(StorePath, new FileStoreOptions { WatchForChanges = watchForChanges });
        var ctx = EngramThreadSafe.GetThreadSafeContext(StorePath, chatId: "engramdb");
        var id = ctx.StoreMemory("fact", "the cat sat on the mat");
        var file = StoreLayout.NodeFile(StorePath, id);
        Assert.Equal(id, ctx.Db.SearchSimilar(HashEmbedding("the cat sat on the mat"), 1, 0.99f).Single().Id);
        var inode = Inode(file);

        // EngramDB's FileStorageEngine::save: File::create (truncate in place) and write_all, no lock, no rename.
        ShellWrite(file, File.ReadAllText(file).Replace("\"embedding_type\":{\"SingleVector\":[", "\"embedding_type\":{\"SingleVector\":[9.0,").Replace(",0.0]}", "]}"));
        var newMessage = Guid.NewGuid();
        ShellWrite(StoreLayout.NodeFile(StorePath, newMessage), MessageJson(newMessage, "engramdb", "written by EngramDB", "2030-01-01T00:00:00"));

        Assert.Equal(inode, Inode(file));
        Assert.DoesNotContain(ctx.Db.SearchSimilar(HashEmbedding("the cat sat on the mat"), 5, 0.99f), hit => hit.Id == id);
        Assert.Equal(newMessage, ctx.GetChatHistory(1).Single().Id);

        ExternalCommand.Run("rm", StoreLayout.NodeFile(StorePath, newMessage));
        Assert.Empty(ctx.GetChatHistory(1));
    }

    [Fact]
    public void AMessageWithoutARoleOrWithABadTimestamp_IsLeftOutOfChatHistory_AndReported_WhileTheOthersAreReturned()
    {
        var ctx = EngramThreadSafe.GetThreadSafeContext(StorePath, chatId: "c");
        var kept = ctx.StoreMessage("user", "kept");
        var broken = Guid.NewGuid();
        File.WriteAllText(WriteTarget(broken), MessageJson(broken, "c", "no role", "2030-01-01T00:00:00").Replace("\"role\":{\"String\":\"user\"},", string.Empty));
        var badTime = Guid.NewGuid();
        File.WriteAllText(WriteTarget(badTime), MessageJson(badTime, "c", "bad time", "yesterday"));

        var history = ctx.GetChatHistory(10);

        Assert.Equal(new[] { kept }, history.Select(m => m.Id));
        var unreadable = ctx.Db.UnreadableNodes.ToDictionary(node => node.Id);
        Assert.Equal(new[] { broken, badTime }.OrderBy(id => id), unreadable.Keys.OrderBy(id => id));
        Assert.Contains("'role'", unreadable[broken].Error.Message);
        Assert.Contains(StoreLayout.NodeFile(StorePath, broken), unreadable[broken].Error.Message);
        Assert.Contains("'yesterday'", unreadable[badTime].Error.Message);
    }

    [Fact]
    public void ChatHistory_OrdersByTimestampThenCreationTime_AcrossWritersAndDeletes_WithUntimedMessagesOldest()
    {
        var ctx = EngramThreadSafe.GetThreadSafeContext(StorePath, chatId: "order");
        var ids = Enumerable.Range(0, 5).Select(i => Guid.NewGuid()).ToList();
        var times = new[] { "2030-01-01T00:00:03", "2030-01-01T00:00:01", "2030-01-01T00:00:02", "2030-01-01T00:00:04Z", null };
        for (var i = 0; i < ids.Count; i++)
        {
            var json = MessageJson(ids[i], "order", $"m{i}", times[i] ?? "none");
            File.WriteAllText(WriteTarget(ids[i]), times[i] is null ? json.Replace(",\"timestamp\":{\"String\":\"none\"}", string.Empty) : json);
        }

        var history = ctx.GetChatHistory(10);
        Assert.Equal(new[] { ids[3], ids[0], ids[2], ids[1], ids[4] }, history.Select(m => m.Id));
        Assert.Equal(string.Empty, history[4].Timestamp);
        Assert.Empty(ctx.Db.UnreadableNodes);
        ctx.Db.Delete(ids[0]);
        Assert.Equal(new[] { ids[3], ids[2] }, ctx.GetChatHistory(2).Select(m => m.Id));
    }

    [Fact]
    public void AStoreReadInParallel_IndexesEveryNode_AndReportsItsUnreadableNodes_OnTheAskingThread_InIdOrder_ThroughAHandlerThatMayUseTheHandle()
    {
        var messages = Enumerable.Range(0, 3000).Select(i => (Id: Guid.NewGuid(), Time: $"2030-01-01T00:{i / 60 % 60:00}:{i % 60:00}")).ToList();
        foreach (var (id, time) in messages)
        {
            File.WriteAllText(WriteTarget(id), MessageJson(id, "big", "m", time));
        }

        var corrupt = Enumerable.Range(0, 40).Select(_ => Guid.NewGuid()).ToList();
        foreach (var id in corrupt)
        {
            File.WriteAllText(WriteTarget(id), "{\"id\":\"" + id + "\"}");
        }

        Database? db = null;
        var reports = new List<(Guid Id, int Thread, int HitsSeenByHandler)>();
        db = Database.FileBased(StorePath, new FileStoreOptions
        {
            UnreadableNodeFound = node => reports.Add((node.Id, Environment.CurrentManagedThreadId, db!.SearchSimilar(new[] { 0.5f, 0.5f }, 1, 0f).Count)),
        });
        using (db)
        {
            var hits = db.SearchSimilar(new[] { 0.5f, 0.5f }, 5000, 0.99f);
            var history = EngramThreadSafe.GetThreadSafeContext(StorePath, chatId: "big").GetChatHistory(3000);

            Assert.Equal(messages.Select(m => m.Id).OrderBy(id => id), hits.Select(hit => hit.Id).OrderBy(id => id));
            Assert.Equal(messages.OrderByDescending(m => m.Time, StringComparer.Ordinal).ThenBy(m => m.Id).Select(m => m.Id), history.Select(m => m.Id));
            Assert.Equal(corrupt.OrderBy(id => id), reports.Select(report => report.Id));
            Assert.All(reports, report => Assert.Equal(Environment.CurrentManagedThreadId, report.Thread));
            Assert.All(reports, report => Assert.Equal(1, report.HitsSeenByHandler));
            Assert.Equal(corrupt.OrderBy(id => id), db.UnreadableNodes.Select(node => node.Id));
        }
    }

    [Fact]
    public void ADeletedStoreDirectory_GivesATypedErrorNamingIt_OnEveryCall_AndIsNotRecreated()
    {
        var ctx = EngramThreadSafe.GetThreadSafeContext(StorePath, chatId: "gone");
        var db = ctx.Db;
        var id = ctx.StoreMessage("user", "before");
        Assert.Single(ctx.GetChatHistory(10));

        Directory.Delete(StorePath, recursive: true);

        Action[] calls =
        {
            () => db.Save(new MemoryNode(new[] { 1f })),
            () => db.Load(id),
            () => db.ListAll(),
            () => db.Delete(id),
            () => db.SearchSimilar(new[] { 1f }, 1, 0f),
            () => db.Connect(id, id, "Association", 0.5f),
            () => ctx.GetChatHistory(10),
            () => ctx.StoreMessage("user", "after"),
        };
        foreach (var call in calls)
        {
            var error = Assert.Throws<StoreDirectoryNotFoundException>(call);
            Assert.Equal(StorePath, error.StorePath);
            Assert.Contains(StorePath, error.Message);
            Assert.False(Directory.Exists(StorePath));
        }
    }

    [Fact]
    public void AStoreDirectoryDeletedAndCreatedAgain_IsIndexedAfresh_AndWatchedAgain()
    {
        using var db = Database.FileBased(StorePath);
        var before = db.Save(new MemoryNode(new[] { 1f, 0f }));
        Assert.Equal(before, db.SearchSimilar(new[] { 1f, 0f }, 1, 0.9f).Single().Id);
        Directory.Delete(StorePath, recursive: true);
        Assert.Throws<StoreDirectoryNotFoundException>(() => db.SearchSimilar(new[] { 1f, 0f }, 1, 0.9f));

        using var reopened = Database.FileBased(StorePath);
        var again = reopened.Save(new MemoryNode(new[] { 0f, 1f }));
        Assert.Equal(again, db.SearchSimilar(new[] { 0f, 1f }, 5, 0f).Single().Id);
        var external = Guid.NewGuid();
        ShellWrite(StoreLayout.NodeFile(StorePath, external), MessageJson(external, "after", "written outside", "2030-01-01T00:00:00"));

        Assert.Contains(external, db.SearchSimilar(new[] { 0.5f, 0.5f }, 5, 0.99f).Select(hit => hit.Id));
    }

    [Fact]
    public void LeftoverTemporaryFiles_AreReclaimedWhenTheIndexIsBuilt_AndByClearAll_ButNotWhileTheirWriterHoldsTheLock()
    {
        using var db = Database.FileBased(StorePath);
        var live = db.Save(new MemoryNode(new[] { 1f }));
        var crashed = Leftover(Guid.NewGuid());
        var inProgress = Leftover(live);
        using var holding = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var writer = new Thread(() =>
        {
            using var own = Database.FileBased(StorePath);
            own.Update(live, _ =>
            {
                holding.Set();
                release.Wait();
            });
        });
        writer.Start();
        holding.Wait();
        try
        {
            db.SearchSimilar(new[] { 1f }, 1, 0f);

            Assert.False(File.Exists(crashed));
            Assert.True(File.Exists(inProgress));
        }
        finally
        {
            release.Set();
            writer.Join();
        }

        var later = Leftover(Guid.NewGuid());
        db.ClearAll();

        Assert.False(File.Exists(later));
        Assert.False(File.Exists(inProgress));
        Assert.Empty(Directory.GetFiles(StorePath, "*.tmp", SearchOption.AllDirectories));
        Assert.Empty(db.ListAll());
    }

    private string Leftover(Guid id)
    {
        var file = StoreLayout.NodeFile(StorePath, id) + "." + Guid.NewGuid().ToString("N") + ".tmp";
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, "{\"torn");
        return file;
    }

    private string WriteTarget(Guid id)
    {
        var file = StoreLayout.NodeFile(StorePath, id);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        return file;
    }

    private static float[] HashEmbedding(string text) => EngramDb.Embedding.HashingTextEmbedder.Default.Embed(text);

    private static string MessageJson(Guid id, string chat, string content, string timestamp) =>
        "{\"id\":\"" + id + "\",\"embedding_type\":{\"SingleVector\":[0.5,0.5]},\"connections\":[],\"temporal_layers\":[]," +
        "\"attributes\":{\"memory_type\":{\"String\":\"message\"},\"role\":{\"String\":\"user\"},\"content\":{\"String\":\"" + content + "\"}," +
        "\"chat_id\":{\"String\":\"" + chat + "\"},\"timestamp\":{\"String\":\"" + timestamp + "\"}},\"creation_timestamp\":1745000000," +
        "\"access_patterns\":{\"access_count\":0,\"last_access_timestamp\":null,\"recent_accesses\":[],\"max_recent_accesses\":10}}";

    // Another process writes the file the way EngramDB does: opened with truncation, written in place.
    private static void ShellWrite(string file, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var start = new ProcessStartInfo("sh", new[] { "-c", "cat > \"$1\"", "sh", file }) { RedirectStandardInput = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        process.StandardInput.Write(content);
        process.StandardInput.Close();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }

    private static string Inode(string file)
    {
        using var process = Process.Start(new ProcessStartInfo("stat", new[] { "-c", "%i", file }) { RedirectStandardOutput = true, UseShellExecute = false })!;
        var inode = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return inode;
    }
}
