using System;
using System.IO;
using System.Linq;
using System.Text;
using Engram.Runtime.Tests.TestSupport;
using EngramDb;
using Xunit;

namespace Engram.Runtime.Tests;

/// <summary>
/// What EngramDB's serde types accept: nodes written before April 2025 (<c>"embeddings":[…]</c>), unsigned 64-bit
/// timestamps and counts; and what they refuse (invalid UTF-8, lone surrogates) fails naming the node and the file.
/// </summary>
public sealed class FormatCompatibilityTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public FormatCompatibilityTests()
    {
        Directory.CreateDirectory(StorePath);
    }

    public void Dispose() => _temp.Dispose();

    private string StorePath => _temp.Child("store");

    [Fact]
    public void AnOlderNode_LoadsItsEmbeddingsAsASingleVector_IsSearchable_AndIsLeftAsWrittenUntilSaved()
    {
        var id = Guid.NewGuid();
        var older = OlderNode(id, "[0.74,0.52,0.28]", "\"Causation\"");
        var file = WriteNodeFile(id, older);
        using var db = Database.FileBased(StorePath);

        var node = db.Load(id);
        var hit = db.SearchSimilar(new[] { 0.74f, 0.52f, 0.28f }, 1, 0.99f).Single();

        Assert.Equal(new[] { 0.74f, 0.52f, 0.28f }, node.Embeddings);
        Assert.Equal("UserService Class Structure", node.GetAttribute("title"));
        Assert.Equal(1743954820UL, node.CreationTimestamp);
        Assert.Equal(id, hit.Id);
        Assert.Equal(older, File.ReadAllText(file));
    }

    [Fact]
    public void SavingAnOlderNode_WritesTheCurrentFormat_InPlaceOfTheOlderField_KeepingEverythingElse()
    {
        var id = Guid.NewGuid();
        var file = WriteNodeFile(id, OlderNode(id, "[0.74,0.52,0.28]", "\"Causation\""));
        using var db = Database.FileBased(StorePath);

        db.Save(db.Load(id));

        Assert.Equal(CurrentNode(id, "[0.74,0.52,0.28]", "\"Causation\""), File.ReadAllText(file));
        Assert.Equal(new[] { 0.74f, 0.52f, 0.28f }, db.Load(id).Embeddings);
    }

    [Fact]
    public void ConnectingFromAnOlderNode_AlsoWritesTheCurrentFormat()
    {
        var id = Guid.NewGuid();
        var file = WriteNodeFile(id, OlderNode(id, "[1.0]", "\"Causation\""));
        using var db = Database.FileBased(StorePath);

        db.Connect(id, id, "Sequence", 1f);

        var json = File.ReadAllText(file);
        Assert.StartsWith("{\"id\":\"" + id + "\",\"embedding_type\":{\"SingleVector\":[1.0]},\"connections\":[", json);
        Assert.DoesNotContain("\"embeddings\"", json.Substring(0, json.IndexOf("temporal_layers", StringComparison.Ordinal)));
        Assert.Equal(2, db.GetConnections(id).Count);
    }

    [Fact]
    public void UnsignedSixtyFourBitTimestampsAndCounts_LoadAndSurviveASave()
    {
        var id = Guid.NewGuid();
        var max = ulong.MaxValue.ToString();
        var json = CurrentNode(id, "[1.0]", "\"Association\"")
            .Replace("\"creation_timestamp\":1743954820,\"access", "\"creation_timestamp\":" + max + ",\"access")
            .Replace("\"access_count\":0", "\"access_count\":" + max)
            .Replace("\"last_access_timestamp\":null", "\"last_access_timestamp\":" + max)
            .Replace("\"recent_accesses\":[]", "\"recent_accesses\":[" + max + "]")
            .Replace("\"strength\":0.9,\"creation_timestamp\":1743954820", "\"strength\":0.9,\"creation_timestamp\":" + max);
        var file = WriteNodeFile(id, json);
        using var db = Database.FileBased(StorePath);

        var node = db.Load(id);
        db.Save(node);

        Assert.Equal(ulong.MaxValue, node.CreationTimestamp);
        Assert.Equal(ulong.MaxValue, node.AccessPatterns.AccessCount);
        Assert.Equal(ulong.MaxValue, node.AccessPatterns.LastAccessTimestamp);
        Assert.Equal(new[] { ulong.MaxValue }, node.AccessPatterns.RecentAccesses);
        Assert.Equal(ulong.MaxValue, node.Connections.Single().CreationTimestamp);
        Assert.Equal(json, File.ReadAllText(file));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("18446744073709551616")]
    public void ATimestampEngramDbWouldRefuse_IsCorrupt_NamingTheField(string timestamp)
    {
        var id = Guid.NewGuid();
        var file = WriteNodeFile(id, CurrentNode(id, "[1.0]", "\"Association\"").Replace("\"creation_timestamp\":1743954820,\"access", "\"creation_timestamp\":" + timestamp + ",\"access"));
        using var db = Database.FileBased(StorePath);

        var error = Assert.Throws<InvalidDataException>(() => db.Load(id));

        Assert.Contains("'creation_timestamp'", error.Message);
        Assert.Contains(file, error.Message);
        Assert.Empty(db.SearchSimilar(new[] { 1f }, 10, -1f));
        Assert.Contains("'creation_timestamp'", Assert.Single(db.UnreadableNodes).Error.Message);
    }

    [Theory]
    [InlineData("invalid UTF-8")]
    [InlineData("lone surrogate in a value")]
    [InlineData("lone surrogate in a key")]
    public void TextEngramDbCannotRead_FailsLoadNamingTheNodeAndFile_AndSearchAndChatHistoryKeepWorking(string what)
    {
        var id = Guid.NewGuid();
        var file = StoreLayout.NodeFile(StorePath, id);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllBytes(file, UnreadableText(what, id));
        var ctx = EngramThreadSafe.GetThreadSafeContext(StorePath, chatId: "intact");
        var message = ctx.StoreMessage("user", "still here");

        var error = Assert.Throws<InvalidDataException>(() => ctx.Db.Load(id));
        var history = ctx.GetChatHistory(10);
        var hits = ctx.Db.SearchSimilar(new[] { 1f }, 10, -1f);

        Assert.Contains(id.ToString(), error.Message);
        Assert.Contains(file, error.Message);
        Assert.Equal(new[] { message }, history.Select(m => m.Id));
        Assert.DoesNotContain(hits, hit => hit.Id == id);
        Assert.Contains(ctx.Db.UnreadableNodes, node => node.Id == id && node.Error.Message.Contains(file));
    }

    private static byte[] UnreadableText(string what, Guid id)
    {
        var json = CurrentNode(id, "[1.0]", "\"Association\"");
        return what switch
        {
            "invalid UTF-8" => Bytes(json, "UserService", new byte[] { 0xC3, 0x28 }),
            "lone surrogate in a value" => Encoding.UTF8.GetBytes(json.Replace("UserService", "User\\ud800Service")),
            "lone surrogate in a key" => Encoding.UTF8.GetBytes(json.Replace("\"title\"", "\"ti\\udc00tle\"")),
            _ => throw new ArgumentOutOfRangeException(nameof(what), what, null),
        };
    }

    // The shape of EngramDB's web/test_sample_dataset.db nodes (written before April 2025).
    private static string OlderNode(Guid id, string embeddings, string relationship) =>
        "{\"id\":\"" + id + "\",\"embeddings\":" + embeddings + "," + Rest(id, relationship);

    private static string CurrentNode(Guid id, string embeddings, string relationship) =>
        "{\"id\":\"" + id + "\",\"embedding_type\":{\"SingleVector\":" + embeddings + "}," + Rest(id, relationship);

    private static string Rest(Guid id, string relationship) =>
        "\"connections\":[{\"target_id\":\"" + id + "\",\"relationship_type\":" + relationship + ",\"strength\":0.9,\"creation_timestamp\":1743954820}]," +
        "\"temporal_layers\":[],\"attributes\":{\"title\":{\"String\":\"UserService Class Structure\"},\"importance\":{\"Float\":0.7}}," +
        "\"creation_timestamp\":1743954820,\"access_patterns\":{\"access_count\":0,\"last_access_timestamp\":null,\"recent_accesses\":[],\"max_recent_accesses\":10}}";

    private static byte[] Bytes(string json, string replace, byte[] with)
    {
        var at = json.IndexOf(replace, StringComparison.Ordinal);
        return Encoding.UTF8.GetBytes(json.Substring(0, at)).Concat(with).Concat(Encoding.UTF8.GetBytes(json.Substring(at + replace.Length))).ToArray();
    }

    private string WriteNodeFile(Guid id, string json)
    {
        var file = StoreLayout.NodeFile(StorePath, id);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, json);
        return file;
    }
}
