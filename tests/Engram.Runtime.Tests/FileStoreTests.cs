using System;
using System.IO;
using System.Linq;
using System.Text;
using Engram.Runtime.Tests.TestSupport;
using EngramDb;
using Xunit;

namespace Engram.Runtime.Tests;

/// <summary>The file-based store: EngramDB's layout and JSON, atomic writes, no stale views, no leaked handles.</summary>
public sealed class FileStoreTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string StorePath => _temp.Child("store");

    [Fact]
    public void Save_WritesOneLineOfJson_InEngramDbsLayoutAndShape()
    {
        using var db = Database.FileBased(StorePath);
        var node = new MemoryNode(new[] { 0.1f, 1f, -2.5f, 1e-5f });
        node.SetAttribute("content", "Grüße \"quoted\" <b>\n");
        node.SetAttribute("n", 3);
        node.SetAttribute("score", 0.5);
        node.SetAttribute("ok", true);
        node.SetAttribute("tags", new[] { "a" });
        node.SetAttribute("meta", new System.Collections.Generic.Dictionary<string, object> { ["k"] = "v" });

        db.Save(node);

        var expected =
            "{\"id\":\"" + node.Id + "\",\"embedding_type\":{\"SingleVector\":[0.1,1.0,-2.5,1e-5]},\"connections\":[],\"temporal_layers\":[]," +
            "\"attributes\":{\"content\":{\"String\":\"Grüße \\\"quoted\\\" <b>\\n\"},\"n\":{\"Integer\":3},\"score\":{\"Float\":0.5}," +
            "\"ok\":{\"Boolean\":true},\"tags\":{\"List\":[{\"String\":\"a\"}]},\"meta\":{\"Map\":{\"k\":{\"String\":\"v\"}}}}," +
            "\"creation_timestamp\":" + node.CreationTimestamp + "," +
            "\"access_patterns\":{\"access_count\":0,\"last_access_timestamp\":null,\"recent_accesses\":[],\"max_recent_accesses\":10}}";
        Assert.Equal(expected, File.ReadAllText(StoreLayout.NodeFile(StorePath, node.Id), new UTF8Encoding(false, true)));
    }

    [Fact]
    public void Connect_WritesConnectionsInEngramDbsShape()
    {
        using var db = Database.FileBased(StorePath);
        var source = db.Save(new MemoryNode(new[] { 1f }));
        var target = db.Save(new MemoryNode(new[] { 1f }));

        db.Connect(source, target, "PartOf", 1f);
        db.Connect(source, target, "mentions", 0.5f);

        var json = File.ReadAllText(StoreLayout.NodeFile(StorePath, source));
        var timestamp = db.GetConnections(source)[0].CreationTimestamp;
        Assert.Contains(
            "\"connections\":[{\"target_id\":\"" + target + "\",\"relationship_type\":\"PartOf\",\"strength\":1.0,\"creation_timestamp\":" + timestamp + "}," +
            "{\"target_id\":\"" + target + "\",\"relationship_type\":{\"Custom\":\"mentions\"},\"strength\":0.5,\"creation_timestamp\":",
            json);
    }

    [Fact]
    public void Writes_LeaveNoTemporaryFiles_AndLocksLiveOutsideTheNodeFolders()
    {
        using var db = Database.FileBased(StorePath);
        var ids = Enumerable.Range(0, 30).Select(i => db.Save(new MemoryNode(new[] { (float)i }))).ToList();
        db.Connect(ids[0], ids[1], "Association", 0.5f);
        db.Disconnect(ids[0], ids[1]);
        db.Delete(ids[2]);

        var files = Directory.GetFiles(StorePath, "*", SearchOption.AllDirectories);

        Assert.DoesNotContain(files, f => f.EndsWith(".tmp", StringComparison.Ordinal));
        Assert.All(files.Where(f => !f.EndsWith(".json", StringComparison.Ordinal)), f =>
        {
            Assert.Equal(Path.Combine(StorePath, ".engram-locks"), Path.GetDirectoryName(f));
            Assert.EndsWith(".lock", f, StringComparison.Ordinal);
        });
        Assert.Equal(29, files.Count(f => f.EndsWith(".json", StringComparison.Ordinal)));
    }

    [Fact]
    public void ListAll_TakesOnlyNodeFiles_IgnoringTemporaryAndForeignFiles()
    {
        using var db = Database.FileBased(StorePath);
        var id = db.Save(new MemoryNode(new[] { 1f }));
        var file = StoreLayout.NodeFile(StorePath, id);
        var folder = Path.GetDirectoryName(file)!;
        var other = Guid.NewGuid();
        File.WriteAllText($"{file}.0123456789abcdef.tmp", "{\"torn");
        File.WriteAllText(Path.Combine(folder, "notes.json"), "{}");
        File.WriteAllText(Path.Combine(folder, other.ToString().ToUpperInvariant() + ".json"), "{}");
        File.WriteAllText(Path.Combine(StorePath, other + ".json"), "{}");
        Directory.CreateDirectory(Path.Combine(StorePath, "zz"));
        File.WriteAllText(Path.Combine(StorePath, "zz", Guid.NewGuid() + ".json"), "{}");
        Directory.CreateDirectory(Path.Combine(StorePath, other.ToString().Substring(0, 2), other + ".json"));

        Assert.Equal(new[] { id }, db.ListAll());
        Assert.Equal(new[] { id }, db.SearchSimilar(new[] { 1f }, 10, 0f).Select(h => h.Id));
    }

    [Fact]
    public void AWriteThroughOneHandle_IsSeenAtOnceByAnotherHandlesLoadListAndSearch()
    {
        using var reader = Database.FileBased(StorePath);
        using var writer = Database.FileBased(Path.Combine(StorePath, ".", "x", ".."));
        Assert.Empty(reader.ListAll());

        var id = writer.Save(new MemoryNode(new[] { 1f, 0f }));
        Assert.Equal(new[] { id }, reader.ListAll());
        Assert.Equal(id, reader.SearchSimilar(new[] { 1f, 0f }, 1, 0.5f).Single().Id);

        var node = writer.Load(id);
        node.SetAttribute("v", "second");
        writer.Save(node);
        Assert.Equal("second", reader.Load(id).GetAttribute("v"));

        writer.Delete(id);
        Assert.Empty(reader.ListAll());
        Assert.Throws<System.Collections.Generic.KeyNotFoundException>(() => reader.Load(id));
    }

    [Fact]
    public void FilesEditedOutsideTheStore_AreSeenAtOnce()
    {
        using var db = Database.FileBased(StorePath);
        var id = db.Save(new MemoryNode(new[] { 1f }));
        var file = StoreLayout.NodeFile(StorePath, id);

        File.WriteAllText(file, File.ReadAllText(file).Replace("\"attributes\":{}", "\"attributes\":{\"edited\":{\"Boolean\":true}}"));

        Assert.Equal(true, db.Load(id).GetAttribute("edited"));
    }

    [Fact]
    public void NoFileStaysOpen_BetweenOperations()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // lists the process's open files through /proc/self/fd
        }

        using var db = Database.FileBased(StorePath);
        var a = db.Save(new MemoryNode(new[] { 1f }));
        var b = db.Save(new MemoryNode(new[] { 1f }));
        db.Connect(a, b, "Association", 0.5f);
        db.Load(a);
        db.SearchSimilar(new[] { 1f }, 5, 0f);
        db.Disconnect(a, b);
        db.Delete(b);

        var open = Directory.GetFiles("/proc/self/fd")
            .Select(fd => new FileInfo(fd).LinkTarget)
            .Where(target => target is not null && target.StartsWith(StorePath, StringComparison.Ordinal));

        Assert.Empty(open);
    }

    [Fact]
    public void Save_RecreatesANodeFolderRemovedFromUnderIt_ButNotTheNodesThatWereInIt()
    {
        using var db = Database.FileBased(StorePath);
        var removed = new MemoryNode(new[] { 1f });
        db.Save(removed);
        var folder = Path.GetDirectoryName(StoreLayout.NodeFile(StorePath, removed.Id))!;
        Directory.Delete(folder, recursive: true);
        var sameFolder = Ids.NodeWithPrefix(removed.Id.ToString().Substring(0, 2), new[] { 2f });

        db.Save(sameFolder);
        var conflict = Assert.Throws<NodeConflictException>(() => db.Save(removed));

        Assert.Equal(sameFolder.Id, db.Load(sameFolder.Id).Id);
        Assert.Equal(removed.Id, conflict.NodeId);
        Assert.Contains("deleted", conflict.Message);
        Assert.Equal(new[] { sameFolder.Id }, db.ListAll());
    }
}
