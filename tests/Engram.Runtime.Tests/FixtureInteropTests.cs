using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using Engram.Runtime.Tests.TestSupport;
using EngramDb;
using Xunit;

namespace Engram.Runtime.Tests;

/// <summary>Interop with a store EngramDB wrote (Fixtures/engramdb/sample-store, a copy of shared/fixtures/engramdb): everything loads, and saving changes only what changed.</summary>
public sealed class FixtureInteropTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly string _storePath;
    private readonly Database _db;

    public FixtureInteropTests()
    {
        _storePath = SampleStore.CopyTo(_temp);
        _db = Database.FileBased(_storePath);
    }

    public void Dispose()
    {
        _db.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public void ListAll_FindsEveryNode()
    {
        Assert.Equal(SampleStore.AllIds.OrderBy(id => id), _db.ListAll());
    }

    [Fact]
    public void UserMessage_LoadsStrings_AndBuiltInAndCustomConnections()
    {
        var node = _db.Load(SampleStore.UserMessage);

        Assert.Equal(new[] { 0.1f, 0.2f, 0.3f, 0.4f }, node.Embeddings);
        Assert.Equal(1745000000UL, node.CreationTimestamp);
        Assert.Equal(new[] { "memory_type", "role", "content", "chat_id", "timestamp" }, node.AttributeKeys);
        Assert.Equal("user", node.GetAttribute("role"));
        Assert.Equal("Hello, can you build me a landing page?", node.GetAttribute("content"));
        Assert.Equal("2025-04-21T10:00:00", node.GetAttribute("timestamp"));
        Assert.Collection(
            node.Connections,
            c => Assert.Equal((SampleStore.AssistantMessage, "Association", false, 0.75f, 1745000100UL), (c.TargetId, c.RelationshipType, c.IsCustomRelationship, c.Strength, c.CreationTimestamp)),
            c => Assert.Equal((SampleStore.Component, "mentions", true, 0.5f, 1745000200UL), (c.TargetId, c.RelationshipType, c.IsCustomRelationship, c.Strength, c.CreationTimestamp)));
        Assert.Equal(node.Connections.Select(c => c.TargetId), _db.GetConnections(SampleStore.UserMessage).Select(c => c.TargetId));
    }

    [Fact]
    public void AssistantMessage_LoadsIntegerFloatBoolean_AndAccessPatterns()
    {
        var node = _db.Load(SampleStore.AssistantMessage);

        Assert.Equal(2L, node.GetAttribute("turn"));
        Assert.Equal(0.875, node.GetAttribute("score"));
        Assert.Equal(false, node.GetAttribute("final"));
        Assert.Equal("Sequence", Assert.Single(node.Connections).RelationshipType);
        Assert.Equal(3UL, node.AccessPatterns.AccessCount);
        Assert.Equal(1745000900UL, node.AccessPatterns.LastAccessTimestamp);
        Assert.Equal(new[] { 1745000500UL, 1745000700UL, 1745000900UL }, node.AccessPatterns.RecentAccesses);
        Assert.Equal(10UL, node.AccessPatterns.MaxRecentAccesses);
    }

    [Fact]
    public void Component_LoadsListsNestedMaps_AndATemporalLayer()
    {
        var node = _db.Load(SampleStore.Component);

        var tags = Assert.IsAssignableFrom<IReadOnlyList<object?>>(node.GetAttribute("tags"));
        Assert.Equal(new object[] { "ui", "form", 7L }, tags);
        var meta = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(node.GetAttribute("meta"));
        Assert.Equal("html", meta["lang"]);
        Assert.Equal(42L, meta["lines"]);
        Assert.Equal(true, Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(meta["nested"])["ok"]);
        var layer = Assert.Single(node.TemporalLayers);
        Assert.Equal(SampleStore.Requirement, layer.Id);
        Assert.Equal(1745000400UL, layer.Timestamp);
        Assert.Equal(new[] { 0f, 0.9f, 0.1f, 0f }, layer.Embeddings);
        Assert.Equal("ContactForm v1", layer.Attributes!["name"]);
        Assert.Equal("Initial creation", layer.Reason);
    }

    [Fact]
    public void Requirement_LoadsAnEmptyEmbedding_NegativeInteger_ExponentFloat_AndALayerWithNulls()
    {
        var node = _db.Load(SampleStore.Requirement);

        Assert.Empty(node.Embeddings);
        Assert.Equal(-1L, node.GetAttribute("priority"));
        Assert.Equal(1e-05, node.GetAttribute("weight"));
        var layer = Assert.Single(node.TemporalLayers);
        Assert.Null(layer.Embeddings);
        Assert.Null(layer.Attributes);
        Assert.Equal("Embedding update", layer.Reason);
    }

    [Fact]
    public void SavingEachNodeBack_WritesTheFileByteForByte()
    {
        foreach (var id in SampleStore.AllIds)
        {
            var original = File.ReadAllBytes(StoreLayout.NodeFile(SampleStore.SourcePath, id));

            _db.Save(_db.Load(id));

            Assert.Equal(original, File.ReadAllBytes(StoreLayout.NodeFile(_storePath, id)));
        }
    }

    [Fact]
    public void ChangingOneAttribute_RewritesOnlyThatValue()
    {
        var file = StoreLayout.NodeFile(_storePath, SampleStore.Requirement);
        var original = File.ReadAllText(file);
        var node = _db.Load(SampleStore.Requirement);

        node.SetAttribute("priority", 5);
        _db.Save(node);

        Assert.Equal(original.Replace("\"priority\":{\"Integer\":-1}", "\"priority\":{\"Integer\":5}"), File.ReadAllText(file));
        Assert.Contains("\"weight\":{\"Float\":1e-05}", original);
    }

    [Fact]
    public void Connect_AppendsToTheConnections_AndKeepsEverythingElse()
    {
        var file = StoreLayout.NodeFile(_storePath, SampleStore.UserMessage);
        var original = File.ReadAllText(file);

        _db.Connect(SampleStore.UserMessage, SampleStore.Requirement, "Contains", 0.25f);
        _db.Connect(SampleStore.UserMessage, SampleStore.AssistantMessage, "Association", 0.5f);

        var timestamp = _db.GetConnections(SampleStore.UserMessage)[2].CreationTimestamp;
        var expected = original
            .Replace("\"strength\":0.75,", "\"strength\":0.5,")
            .Replace(
                "\"creation_timestamp\":1745000200}]",
                "\"creation_timestamp\":1745000200},{\"target_id\":\"" + SampleStore.Requirement +
                "\",\"relationship_type\":\"Contains\",\"strength\":0.25,\"creation_timestamp\":" + timestamp + "}]");
        Assert.Equal(expected, File.ReadAllText(file));
    }

    [Fact]
    public void Disconnect_RemovesOnlyThatConnection()
    {
        var file = StoreLayout.NodeFile(_storePath, SampleStore.UserMessage);
        var original = File.ReadAllText(file);

        Assert.True(_db.Disconnect(SampleStore.UserMessage, SampleStore.Component));

        Assert.Equal(
            original.Replace(",{\"target_id\":\"f47ac10b-58cc-4372-a567-0e02b2c3d479\",\"relationship_type\":{\"Custom\":\"mentions\"},\"strength\":0.5,\"creation_timestamp\":1745000200}", string.Empty),
            File.ReadAllText(file));
    }

    [Fact]
    public void UnknownFieldsAndAttributeKinds_SurviveASave_AndUnknownKindsReadAsTheirJson()
    {
        var file = StoreLayout.NodeFile(_storePath, SampleStore.AssistantMessage);
        var withFutureFields = File.ReadAllText(file)
            .Replace("\"final\":{\"Boolean\":false}", "\"final\":{\"Boolean\":false},\"seen\":{\"Timestamp\":1745000000},\"none\":\"Null\"")
            .Replace("\"creation_timestamp\":1745000000,", "\"creation_timestamp\":1745000000,\"importance\":{\"decay\":0.5e1,\"tags\":[]},");
        File.WriteAllText(file, withFutureFields);

        var node = _db.Load(SampleStore.AssistantMessage);
        node.SetAttribute("turn", 3);
        _db.Save(node);

        Assert.Equal("{\"Timestamp\":1745000000}", Assert.IsAssignableFrom<JsonNode>(node.GetAttribute("seen")).ToJsonString());
        Assert.Equal("\"Null\"", Assert.IsAssignableFrom<JsonNode>(node.GetAttribute("none")).ToJsonString());
        Assert.Equal(withFutureFields.Replace("\"turn\":{\"Integer\":2}", "\"turn\":{\"Integer\":3}"), File.ReadAllText(file));
        Assert.Contains(SampleStore.AssistantMessage, _db.SearchSimilar(new[] { 0.1f, 0.2f, 0.3f, 0.4f }, 10, 0f).Select(h => h.Id));
        Assert.Empty(_db.UnreadableNodes);
    }

    [Fact]
    public void SearchSimilar_RanksTheFixtureNodes_AndSkipsTheEmptyEmbedding()
    {
        var hits = _db.SearchSimilar(new[] { 0.1f, 0.2f, 0.3f, 0.4f }, limit: 10, threshold: 0f);

        Assert.Equal(new[] { SampleStore.UserMessage, SampleStore.AssistantMessage, SampleStore.Component }, hits.Select(h => h.Id));
        Assert.Equal(1f, hits[0].Similarity, 5);
        Assert.Equal(2f / 3f, hits[1].Similarity, 5);
        Assert.Empty(_db.UnreadableNodes);
    }
}
