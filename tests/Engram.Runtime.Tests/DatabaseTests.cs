using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Engram.Runtime.Tests.TestSupport;
using EngramDb;
using Xunit;

namespace Engram.Runtime.Tests;

/// <summary>The behaviour of every <see cref="Database"/> member, the same for both kinds of store.</summary>
public sealed class DatabaseTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory, MemberData(nameof(StoreKind.Both), MemberType = typeof(StoreKind))]
    public void Save_ThenLoad_ReturnsTheNodeAsSaved(string kind)
    {
        using var db = StoreKind.Open(kind, _temp);
        var node = new MemoryNode(new[] { 0.1f, -2.5f, 3f });
        node.SetAttribute("content", "hello");
        node.SetAttribute("turn", 3);

        var id = db.Save(node);
        var loaded = db.Load(id);

        Assert.Equal(node.Id, id);
        Assert.Equal(id, loaded.Id);
        Assert.Equal(new[] { 0.1f, -2.5f, 3f }, loaded.Embeddings);
        Assert.Equal(node.CreationTimestamp, loaded.CreationTimestamp);
        Assert.Equal("hello", loaded.GetAttribute("content"));
        Assert.Equal(3L, loaded.GetAttribute("turn"));
        Assert.Equal(new[] { "content", "turn" }, loaded.AttributeKeys);
    }

    [Theory, MemberData(nameof(StoreKind.Both), MemberType = typeof(StoreKind))]
    public void LoadedNode_IsACopy_IndependentOfTheStoredNodeAndOfTheSavedObject(string kind)
    {
        using var db = StoreKind.Open(kind, _temp);
        var node = new MemoryNode(new[] { 1f });
        node.SetAttribute("v", "saved");
        db.Save(node);

        node.SetAttribute("v", "changed after save");
        var first = db.Load(node.Id);
        first.SetAttribute("v", "changed after load");

        Assert.Equal("saved", db.Load(node.Id).GetAttribute("v"));
        Assert.NotSame(first, db.Load(node.Id));
    }

    [Theory, MemberData(nameof(StoreKind.Both), MemberType = typeof(StoreKind))]
    public void Save_OfAnExistingId_ReplacesTheStoredNode(string kind)
    {
        using var db = StoreKind.Open(kind, _temp);
        var node = new MemoryNode(new[] { 1f });
        db.Save(node);
        node.SetAttribute("v", 2);

        db.Save(node);

        Assert.Equal(2L, db.Load(node.Id).GetAttribute("v"));
        Assert.Single(db.ListAll());
    }

    [Theory, MemberData(nameof(StoreKind.Both), MemberType = typeof(StoreKind))]
    public void Save_OfNull_Throws(string kind)
    {
        using var db = StoreKind.Open(kind, _temp);

        Assert.Throws<ArgumentNullException>("node", () => db.Save(null!));
    }

    [Theory, MemberData(nameof(StoreKind.Both), MemberType = typeof(StoreKind))]
    public void Load_OfAMissingId_ThrowsKeyNotFound_NamingTheId(string kind)
    {
        using var db = StoreKind.Open(kind, _temp);
        var missing = Guid.NewGuid();

        var error = Assert.Throws<KeyNotFoundException>(() => db.Load(missing));

        Assert.Contains(missing.ToString(), error.Message);
    }

    [Theory, MemberData(nameof(StoreKind.Both), MemberType = typeof(StoreKind))]
    public void Delete_RemovesTheNode_AndTellsWhetherItExisted(string kind)
    {
        using var db = StoreKind.Open(kind, _temp);
        var kept = db.Save(new MemoryNode(new[] { 1f }));
        var deleted = db.Save(new MemoryNode(new[] { 2f }));

        Assert.True(db.Delete(deleted));
        Assert.False(db.Delete(deleted));
        Assert.False(db.Delete(Guid.NewGuid()));
        Assert.Throws<KeyNotFoundException>(() => db.Load(deleted));
        Assert.Equal(new[] { kept }, db.ListAll());
    }

    [Theory, MemberData(nameof(StoreKind.Both), MemberType = typeof(StoreKind))]
    public void ListAll_ReturnsEverySavedId_InIdOrder(string kind)
    {
        using var db = StoreKind.Open(kind, _temp);
        Assert.Empty(db.ListAll());

        var ids = Enumerable.Range(0, 20).Select(i => db.Save(new MemoryNode(new[] { (float)i }))).ToList();

        Assert.Equal(ids.OrderBy(id => id), db.ListAll());
    }

    [Theory, MemberData(nameof(StoreKind.Both), MemberType = typeof(StoreKind))]
    public void ClearAll_DeletesEveryNode(string kind)
    {
        using var db = StoreKind.Open(kind, _temp);
        var ids = Enumerable.Range(0, 5).Select(i => db.Save(new MemoryNode(new[] { (float)i }))).ToList();

        db.ClearAll();

        Assert.Empty(db.ListAll());
        Assert.All(ids, id => Assert.Throws<KeyNotFoundException>(() => db.Load(id)));
        db.Save(new MemoryNode(new[] { 1f }));
        Assert.Single(db.ListAll());
    }

    [Theory, MemberData(nameof(StoreKind.Both), MemberType = typeof(StoreKind))]
    public void Connect_AddsAConnectionToTheSource_WithTypeStrengthAndTime(string kind)
    {
        using var db = StoreKind.Open(kind, _temp);
        var source = db.Save(new MemoryNode(new[] { 1f }));
        var target = db.Save(new MemoryNode(new[] { 2f }));
        var before = (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        db.Connect(source, target, "Causation", 0.25f);

        var connection = Assert.Single(db.GetConnections(source));
        Assert.Equal(target, connection.TargetId);
        Assert.Equal("Causation", connection.RelationshipType);
        Assert.False(connection.IsCustomRelationship);
        Assert.Equal(0.25f, connection.Strength);
        Assert.InRange(connection.CreationTimestamp, before, (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.Empty(db.GetConnections(target));
        Assert.Equal(db.GetConnections(source).Single().TargetId, db.Load(source).Connections.Single().TargetId);
    }

    [Theory, MemberData(nameof(StoreKind.Both), MemberType = typeof(StoreKind))]
    public void Connect_WithEachBuiltInType_AndACustomOne(string kind)
    {
        using var db = StoreKind.Open(kind, _temp);
        var source = db.Save(new MemoryNode(new[] { 1f }));
        var target = db.Save(new MemoryNode(new[] { 2f }));
        var types = new[] { "Association", "Causation", "PartOf", "Contains", "Sequence", "mentions", "association" };

        foreach (var type in types)
        {
            db.Connect(source, target, type, 0.5f);
        }

        var connections = db.GetConnections(source);
        Assert.Equal(types, connections.Select(c => c.RelationshipType));
        Assert.Equal(new[] { false, false, false, false, false, true, true }, connections.Select(c => c.IsCustomRelationship));
    }

    [Theory, MemberData(nameof(StoreKind.Both), MemberType = typeof(StoreKind))]
    public void Connect_ToTheSameTargetWithTheSameType_UpdatesTheStrength(string kind)
    {
        using var db = StoreKind.Open(kind, _temp);
        var source = db.Save(new MemoryNode(new[] { 1f }));
        var target = db.Save(new MemoryNode(new[] { 2f }));
        var other = db.Save(new MemoryNode(new[] { 3f }));
        db.Connect(source, target, "Association", 0.5f);
        db.Connect(source, other, "Association", 0.5f);
        db.Connect(source, target, "mentions", 0.5f);

        db.Connect(source, target, "Association", 0.9f);
        db.Connect(source, target, "mentions", 0.1f);

        Assert.Equal(
            new[] { (target, "Association", 0.9f), (other, "Association", 0.5f), (target, "mentions", 0.1f) },
            db.GetConnections(source).Select(c => (c.TargetId, c.RelationshipType, c.Strength)));
    }

    [Theory, MemberData(nameof(StoreKind.Both), MemberType = typeof(StoreKind))]
    public void Connect_KeepsTheRestOfTheSourceNode(string kind)
    {
        using var db = StoreKind.Open(kind, _temp);
        var node = new MemoryNode(new[] { 1f, 2f });
        node.SetAttribute("content", "keep me");
        var source = db.Save(node);
        var target = db.Save(new MemoryNode(new[] { 2f }));

        db.Connect(source, target, "Association", 1f);

        var loaded = db.Load(source);
        Assert.Equal("keep me", loaded.GetAttribute("content"));
        Assert.Equal(new[] { 1f, 2f }, loaded.Embeddings);
        Assert.Equal(node.CreationTimestamp, loaded.CreationTimestamp);
    }

    [Theory, MemberData(nameof(StoreKind.Both), MemberType = typeof(StoreKind))]
    public void Connect_FromOrToAMissingNode_ThrowsKeyNotFound_NamingTheId_AndChangesNothing(string kind)
    {
        using var db = StoreKind.Open(kind, _temp);
        var existing = db.Save(new MemoryNode(new[] { 1f }));
        var missing = Guid.NewGuid();

        var noSource = Assert.Throws<KeyNotFoundException>(() => db.Connect(missing, existing, "Association", 0.5f));
        var noTarget = Assert.Throws<KeyNotFoundException>(() => db.Connect(existing, missing, "Association", 0.5f));

        Assert.Contains(missing.ToString(), noSource.Message);
        Assert.Contains(missing.ToString(), noTarget.Message);
        Assert.Empty(db.GetConnections(existing));
        Assert.Equal(new[] { existing }, db.ListAll());
    }

    [Theory, MemberData(nameof(StoreKind.Both), MemberType = typeof(StoreKind))]
    public void Connect_RejectsAnEmptyTypeAndAStrengthOutsideZeroToOne(string kind)
    {
        using var db = StoreKind.Open(kind, _temp);
        var a = db.Save(new MemoryNode(new[] { 1f }));
        var b = db.Save(new MemoryNode(new[] { 2f }));

        Assert.Throws<ArgumentNullException>("relationshipType", () => db.Connect(a, b, null!, 0.5f));
        Assert.Throws<ArgumentException>("relationshipType", () => db.Connect(a, b, " ", 0.5f));
        Assert.Throws<ArgumentException>("relationshipType", () => db.Connect(a, b, "lone\uD800", 0.5f));
        Assert.Throws<ArgumentOutOfRangeException>("strength", () => db.Connect(a, b, "Association", 1.5f));
        Assert.Throws<ArgumentOutOfRangeException>("strength", () => db.Connect(a, b, "Association", -0.1f));
        Assert.Throws<ArgumentOutOfRangeException>("strength", () => db.Connect(a, b, "Association", float.NaN));
        Assert.Empty(db.GetConnections(a));
    }

    [Theory, MemberData(nameof(StoreKind.Both), MemberType = typeof(StoreKind))]
    public void Disconnect_RemovesEveryConnectionToTheTarget_AndTellsWhetherAnyWasRemoved(string kind)
    {
        using var db = StoreKind.Open(kind, _temp);
        var source = db.Save(new MemoryNode(new[] { 1f }));
        var target = db.Save(new MemoryNode(new[] { 2f }));
        var other = db.Save(new MemoryNode(new[] { 3f }));
        db.Connect(source, target, "Association", 0.5f);
        db.Connect(source, other, "Sequence", 0.5f);
        db.Connect(source, target, "mentions", 0.5f);

        Assert.True(db.Disconnect(source, target));
        Assert.False(db.Disconnect(source, target));
        Assert.False(db.Disconnect(target, source));

        Assert.Equal(new[] { other }, db.GetConnections(source).Select(c => c.TargetId));
    }

    [Theory, MemberData(nameof(StoreKind.Both), MemberType = typeof(StoreKind))]
    public void Disconnect_AndGetConnections_OfAMissingNode_ThrowKeyNotFound(string kind)
    {
        using var db = StoreKind.Open(kind, _temp);
        var missing = Guid.NewGuid();

        Assert.Contains(missing.ToString(), Assert.Throws<KeyNotFoundException>(() => db.Disconnect(missing, Guid.NewGuid())).Message);
        Assert.Contains(missing.ToString(), Assert.Throws<KeyNotFoundException>(() => db.GetConnections(missing)).Message);
    }

    [Theory, MemberData(nameof(StoreKind.Both), MemberType = typeof(StoreKind))]
    public void SearchSimilar_RanksByCosineSimilarity_BestFirst(string kind)
    {
        using var db = StoreKind.Open(kind, _temp);
        var same = db.Save(new MemoryNode(new[] { 2f, 0f }));
        var close = db.Save(new MemoryNode(new[] { 1f, 1f }));
        var orthogonal = db.Save(new MemoryNode(new[] { 0f, 3f }));
        var opposite = db.Save(new MemoryNode(new[] { -1f, 0f }));

        var hits = db.SearchSimilar(new[] { 1f, 0f }, limit: 10, threshold: -1f);

        Assert.Equal(new[] { same, close, orthogonal, opposite }, hits.Select(h => h.Id));
        Assert.Equal(new[] { 1f, (float)Math.Sqrt(0.5), 0f, -1f }, hits.Select(h => h.Similarity), new FloatTolerance(1e-6f));
    }

    [Theory, MemberData(nameof(StoreKind.Both), MemberType = typeof(StoreKind))]
    public void SearchSimilar_KeepsHitsAtOrAboveTheThreshold_AtMostLimit(string kind)
    {
        using var db = StoreKind.Open(kind, _temp);
        var best = db.Save(new MemoryNode(new[] { 1f, 0f }));
        var second = db.Save(new MemoryNode(new[] { 1f, 0.1f }));
        db.Save(new MemoryNode(new[] { 1f, 0.5f }));
        db.Save(new MemoryNode(new[] { 0f, 1f }));

        Assert.Equal(new[] { best, second }, db.SearchSimilar(new[] { 1f, 0f }, limit: 2, threshold: 0f).Select(h => h.Id));
        Assert.Equal(3, db.SearchSimilar(new[] { 1f, 0f }, limit: 10, threshold: 0.5f).Count);
        Assert.Equal(new[] { best }, db.SearchSimilar(new[] { 1f, 0f }, limit: 10, threshold: 1f).Select(h => h.Id));
        Assert.Empty(db.SearchSimilar(new[] { 1f, 0f }, limit: 0, threshold: -1f));
    }

    [Theory, MemberData(nameof(StoreKind.Both), MemberType = typeof(StoreKind))]
    public void SearchSimilar_SkipsEmptyZeroAndOtherDimensionVectors(string kind)
    {
        using var db = StoreKind.Open(kind, _temp);
        var match = db.Save(new MemoryNode(new[] { 1f, 1f }));
        db.Save(new MemoryNode(Array.Empty<float>()));
        db.Save(new MemoryNode(new[] { 0f, 0f }));
        db.Save(new MemoryNode(new[] { 1f, 1f, 1f }));

        Assert.Equal(new[] { match }, db.SearchSimilar(new[] { 1f, 1f }, limit: 10, threshold: -1f).Select(h => h.Id));
        Assert.Empty(db.SearchSimilar(new[] { 0f, 0f }, limit: 10, threshold: -1f));
    }

    [Theory, MemberData(nameof(StoreKind.Both), MemberType = typeof(StoreKind))]
    public void SearchSimilar_RejectsInvalidArguments(string kind)
    {
        using var db = StoreKind.Open(kind, _temp);

        Assert.Throws<ArgumentNullException>("query", () => db.SearchSimilar(null!, 1, 0f));
        Assert.Throws<ArgumentException>("query", () => db.SearchSimilar(Array.Empty<float>(), 1, 0f));
        Assert.Throws<ArgumentException>("query", () => db.SearchSimilar(new[] { float.NaN }, 1, 0f));
        Assert.Throws<ArgumentOutOfRangeException>("limit", () => db.SearchSimilar(new[] { 1f }, -1, 0f));
        Assert.Throws<ArgumentException>("threshold", () => db.SearchSimilar(new[] { 1f }, 1, float.NaN));
    }

    [Fact]
    public void Path_IsTheFullDirectoryPath_OfAFileStore_AndNullInMemory()
    {
        using var inMemory = Database.InMemory();
        using var fileBased = Database.FileBased(Path.Combine(_temp.Path, "a", "..", "store") + Path.DirectorySeparatorChar);

        Assert.Null(inMemory.Path);
        Assert.Equal(_temp.Child("store"), fileBased.Path);
        Assert.True(Directory.Exists(_temp.Child("store")));
    }

    [Fact]
    public void InMemoryStores_ArePrivate()
    {
        using var first = Database.InMemory();
        using var second = Database.InMemory();

        first.Save(new MemoryNode(new[] { 1f }));

        Assert.Empty(second.ListAll());
    }

    [Theory, MemberData(nameof(StoreKind.Both), MemberType = typeof(StoreKind))]
    public void Dispose_IsIdempotent_AndLaterCallsThrowObjectDisposed(string kind)
    {
        var db = StoreKind.Open(kind, _temp);
        var id = db.Save(new MemoryNode(new[] { 1f }));

        db.Dispose();
        db.Dispose();

        Assert.Throws<ObjectDisposedException>(() => db.Load(id));
        Assert.Throws<ObjectDisposedException>(() => db.ListAll());
        Assert.Throws<ObjectDisposedException>(() => db.Path);
    }

    [Fact]
    public void DisposingOneFileHandle_LeavesOtherHandlesOnThePathWorking()
    {
        var path = _temp.Child("store");
        using var kept = Database.FileBased(path);
        var id = kept.Save(new MemoryNode(new[] { 1f }));
        var other = kept.Save(new MemoryNode(new[] { 2f }));

        Database.FileBased(path).Dispose();
        kept.Connect(id, other, "Association", 0.5f);

        Assert.Single(kept.GetConnections(id));
        using var reopened = Database.FileBased(path);
        Assert.Equal(kept.ListAll(), reopened.ListAll());
    }

    private sealed class FloatTolerance : IEqualityComparer<float>
    {
        private readonly float _tolerance;

        public FloatTolerance(float tolerance) => _tolerance = tolerance;

        public bool Equals(float x, float y) => Math.Abs(x - y) <= _tolerance;

        public int GetHashCode(float obj) => 0;
    }
}
