using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Engram.Runtime.Tests.TestSupport;
using EngramDb;
using Xunit;

namespace Engram.Runtime.Tests;

/// <summary>Bad input gives a clear error naming the path, id or key; nothing falls back to memory and nothing is lost.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string StorePath => _temp.Child("store");

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t")]
    [InlineData("bad\0name")]
    public void FileBased_WithAnEmptyOrInvalidPath_ThrowsArgumentException(string path)
    {
        Assert.Throws<ArgumentException>("path", () => Database.FileBased(path));
    }

    [Fact]
    public void FileBased_WithANullPath_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>("path", () => Database.FileBased(null!));
    }

    [Fact]
    public void FileBased_OnARegularFile_ThrowsIOException_NamingThePath_AndLeavesTheFileAlone()
    {
        var file = _temp.Child("not-a-directory");
        File.WriteAllText(file, "precious");

        var error = Assert.Throws<IOException>(() => Database.FileBased(file));

        Assert.Contains(file, error.Message);
        Assert.Equal("precious", File.ReadAllText(file));
    }

    [Fact]
    public void FileBased_UnderARegularFile_ThrowsIOException_NamingThePath()
    {
        var file = _temp.Child("file");
        File.WriteAllText(file, "x");
        var path = Path.Combine(file, "store");

        var error = Assert.Throws<IOException>(() => Database.FileBased(path));

        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void FileBased_WhereTheDirectoryCannotBeCreated_ThrowsIOException_NamingThePath()
    {
        // /proc is a read-only file system even for root (tests run as root, so permission bits would not stop them).
        var path = "/proc/engram-test-" + Guid.NewGuid().ToString("N");

        var error = Assert.ThrowsAny<IOException>(() => Database.FileBased(path));

        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void Save_ToADirectoryThatCannotBeWritten_ThrowsIOException_NamingThePath_AndStoresNothing()
    {
        using var db = Database.FileBased("/proc");
        var node = new MemoryNode(new[] { 1f });

        var error = Assert.ThrowsAny<IOException>(() => db.Save(node));

        Assert.Contains("'/proc'", error.Message);
        Assert.Equal("/proc", db.Path);
        Assert.Throws<KeyNotFoundException>(() => db.Load(node.Id));
    }

    [Fact]
    public void Save_WhereWritingIsDenied_WrapsTheUnauthorizedAccessException_InAnIOException_NamingThePath()
    {
        // sysfs refuses to create files even for root, with EACCES (UnauthorizedAccessException in .NET).
        using var db = Database.FileBased("/sys");

        var error = Assert.ThrowsAny<IOException>(() => db.Save(new MemoryNode(new[] { 1f })));

        Assert.Contains("'/sys'", error.Message);
        Assert.IsType<UnauthorizedAccessException>(error.InnerException);
    }

    public static TheoryData<string, string> CorruptFiles() => new()
    {
        { "empty file", "" },
        { "not JSON", "this is not json" },
        { "truncated", "{\"id\":\"{id}\",\"embedding_type\":{\"SingleVector\":[0.1," },
        { "not an object", "[1,2,3]" },
        { "missing fields", "{\"id\":\"{id}\"}" },
        { "another node's id", Valid("{id}").Replace("\"id\":\"{id}\"", "\"id\":\"" + Guid.NewGuid() + "\"") },
        { "connections not an array", Valid("{id}").Replace("\"connections\":[]", "\"connections\":{}") },
        { "bad connection", Valid("{id}").Replace("\"connections\":[]", "\"connections\":[{\"target_id\":\"nope\",\"relationship_type\":\"Association\",\"strength\":1.0,\"creation_timestamp\":1}]") },
        { "embedding not numbers", Valid("{id}").Replace("[0.5]", "[\"0.5\"]") },
        { "integer attribute with text", Valid("{id}").Replace("\"attributes\":{}", "\"attributes\":{\"n\":{\"Integer\":\"three\"}}") },
        { "repeated property", Valid("{id}").Replace("\"attributes\":{}", "\"attributes\":{},\"attributes\":{}") },
        { "bad temporal layer", Valid("{id}").Replace("\"temporal_layers\":[]", "\"temporal_layers\":[{\"id\":\"{id}\"}]") },
    };

    [Theory, MemberData(nameof(CorruptFiles))]
    public void CorruptNodeFile_FailsTheOperationsThatReadIt_IsLeftOutOfSearchAndReported_NamingTheIdAndTheFile(string corruption, string content)
    {
        _ = corruption;
        var reported = new List<UnreadableNode>();
        using var db = Database.FileBased(StorePath, new FileStoreOptions { UnreadableNodeFound = reported.Add });
        var good = db.Save(new MemoryNode(new[] { 0.5f }));
        var corrupt = Guid.NewGuid();
        var file = StoreLayout.NodeFile(StorePath, corrupt);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, content.Replace("{id}", corrupt.ToString()));

        var load = Assert.Throws<InvalidDataException>(() => db.Load(corrupt));
        var connect = Assert.Throws<InvalidDataException>(() => db.Connect(corrupt, good, "Association", 0.5f));
        var hits = db.SearchSimilar(new[] { 1f }, 10, 0f);

        Assert.Equal(good, hits.Single().Id);
        var unreadable = Assert.Single(db.UnreadableNodes);
        Assert.Equal(corrupt, unreadable.Id);
        Assert.Same(unreadable, Assert.Single(reported));
        Assert.All(new[] { load, connect, unreadable.Error }, error =>
        {
            Assert.Contains(corrupt.ToString(), error.Message);
            Assert.Contains(file, error.Message);
        });
        Assert.Contains(corrupt, db.ListAll());
        Assert.Equal(good, db.Load(good).Id);
        db.Connect(good, corrupt, "Association", 0.5f);
        Assert.Equal(content.Replace("{id}", corrupt.ToString()), File.ReadAllText(file));
        Assert.True(db.Delete(corrupt));
        Assert.Equal(good, db.SearchSimilar(new[] { 1f }, 10, 0f).Single().Id);
        Assert.Empty(db.UnreadableNodes);
        Assert.Single(reported);
    }

    [Fact]
    public void CorruptNodeFile_DoesNotStopTheStoreFromOpening()
    {
        var corrupt = Guid.NewGuid();
        var file = StoreLayout.NodeFile(StorePath, corrupt);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, "{garbage");

        using var db = Database.FileBased(StorePath);

        Assert.Equal(new[] { corrupt }, db.ListAll());
    }

    [Fact]
    public void SavingOverACorruptFile_RepairsIt()
    {
        using var db = Database.FileBased(StorePath);
        var node = new MemoryNode(new[] { 1f });
        db.Save(node);
        File.WriteAllText(StoreLayout.NodeFile(StorePath, node.Id), "{garbage");

        db.Save(node);

        Assert.Equal(node.Id, db.Load(node.Id).Id);
    }

    [Fact]
    public void Load_OfAMissingId_ThrowsKeyNotFound_NamingTheIdAndTheStore()
    {
        using var db = Database.FileBased(StorePath);
        var missing = Guid.NewGuid();

        var error = Assert.Throws<KeyNotFoundException>(() => db.Load(missing));

        Assert.Contains(missing.ToString(), error.Message);
        Assert.Contains(StorePath, error.Message);
    }

    [Fact]
    public void UnsupportedAttribute_ThrowsArgumentException_NamingTheKey_AndTheNodeIsStillSavable()
    {
        using var db = Database.FileBased(StorePath);
        var node = new MemoryNode(new[] { 1f });
        node.SetAttribute("kept", "yes");

        var error = Assert.Throws<ArgumentException>(() => node.SetAttribute("when", DateTimeOffset.UtcNow));
        db.Save(node);

        Assert.Contains("'when'", error.Message);
        Assert.Equal(new[] { "kept" }, db.Load(node.Id).AttributeKeys);
    }

    private static string Valid(string id) =>
        "{\"id\":\"" + id + "\",\"embedding_type\":{\"SingleVector\":[0.5]},\"connections\":[],\"temporal_layers\":[],\"attributes\":{}," +
        "\"creation_timestamp\":1745000000,\"access_patterns\":{\"access_count\":0,\"last_access_timestamp\":null,\"recent_accesses\":[],\"max_recent_accesses\":10}}";
}
