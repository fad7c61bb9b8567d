using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Engram.Runtime.Tests.TestSupport;
using EngramDb;
using Xunit;

namespace Engram.Runtime.Tests;

/// <summary>A save of a copy never silently discards what changed in the store since the copy was loaded; Update is atomic.</summary>
public sealed class LostUpdateTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string StorePath => _temp.Child("store");

    [Theory, MemberData(nameof(StoreKind.Both), MemberType = typeof(StoreKind))]
    public void SavingAStaleCopy_KeepsConnectionsAndAttributesAddedMeanwhile(string kind)
    {
        using var db = StoreKind.Open(kind, _temp);
        var node = new MemoryNode(new[] { 1f });
        node.SetAttribute("title", "draft");
        var id = db.Save(node);
        var target = db.Save(new MemoryNode(new[] { 2f }));
        var copy = db.Load(id);

        db.Connect(id, target, "Association", 0.5f);
        db.Update(id, n => n.SetAttribute("views", 3));
        copy.SetAttribute("title", "final");
        copy.RemoveAttribute("missing");
        db.Save(copy);

        var stored = db.Load(id);
        Assert.Equal("final", stored.GetAttribute("title"));
        Assert.Equal(3L, stored.GetAttribute("views"));
        Assert.Equal(target, Assert.Single(stored.Connections).TargetId);
        Assert.Equal(3L, copy.GetAttribute("views"));
        Assert.Equal(target, Assert.Single(copy.Connections).TargetId);
    }

    [Theory, MemberData(nameof(StoreKind.Both), MemberType = typeof(StoreKind))]
    public void SavingAStaleCopy_ThatChangedWhatTheStoreChanged_ThrowsNodeConflict_NamingTheIdAndThePart_AndSavesNothing(string kind)
    {
        using var db = StoreKind.Open(kind, _temp);
        var node = new MemoryNode(new[] { 1f });
        node.SetAttribute("title", "draft");
        var id = db.Save(node);
        var copy = db.Load(id);
        db.Update(id, n => n.SetAttribute("title", "theirs"));

        copy.SetAttribute("title", "mine");
        copy.SetAttribute("other", "also mine");
        var conflict = Assert.Throws<NodeConflictException>(() => db.Save(copy));

        Assert.Equal(id, conflict.NodeId);
        Assert.Contains(id.ToString(), conflict.Message);
        Assert.Equal(new[] { "attribute 'title'" }, conflict.Conflicts);
        var stored = db.Load(id);
        Assert.Equal("theirs", stored.GetAttribute("title"));
        Assert.Null(stored.GetAttribute("other"));
    }

    [Theory, MemberData(nameof(StoreKind.Both), MemberType = typeof(StoreKind))]
    public void SavingAStaleCopy_WithTheSameChangeAsTheStore_IsNoConflict(string kind)
    {
        using var db = StoreKind.Open(kind, _temp);
        var id = db.Save(new MemoryNode(new[] { 1f }));
        var copy = db.Load(id);
        db.Update(id, n => n.SetAttribute("done", true));

        copy.SetAttribute("done", true);
        db.Save(copy);

        Assert.Equal(true, db.Load(id).GetAttribute("done"));
    }

    [Theory, MemberData(nameof(StoreKind.Both), MemberType = typeof(StoreKind))]
    public void SavingACopyOfANodeDeletedMeanwhile_ThrowsNodeConflict_AndDoesNotBringItBack(string kind)
    {
        using var db = StoreKind.Open(kind, _temp);
        var id = db.Save(new MemoryNode(new[] { 1f }));
        var copy = db.Load(id);
        db.Delete(id);

        var conflict = Assert.Throws<NodeConflictException>(() => db.Save(copy));

        Assert.Equal(id, conflict.NodeId);
        Assert.Empty(db.ListAll());
    }

    [Theory, MemberData(nameof(StoreKind.Both), MemberType = typeof(StoreKind))]
    public void Update_ThatThrows_ChangesNothing_AndOfAMissingNode_ThrowsKeyNotFound(string kind)
    {
        using var db = StoreKind.Open(kind, _temp);
        var node = new MemoryNode(new[] { 1f });
        node.SetAttribute("v", 1);
        var id = db.Save(node);

        Assert.Throws<InvalidOperationException>(() => db.Update(id, n =>
        {
            n.SetAttribute("v", 2);
            throw new InvalidOperationException("changed my mind");
        }));
        var missing = Guid.NewGuid();
        var notFound = Assert.Throws<KeyNotFoundException>(() => db.Update(missing, _ => { }));

        Assert.Equal(1L, db.Load(id).GetAttribute("v"));
        Assert.Contains(missing.ToString(), notFound.Message);
        Assert.Throws<ArgumentNullException>("change", () => db.Update(id, null!));
    }

    [Fact]
    public void ConcurrentUpdates_FromThreadsAndHandles_LoseNoIncrement()
    {
        const int threads = 6;
        const int incrementsPerThread = 40;
        Guid id;
        using (var db = Database.FileBased(StorePath))
        {
            var node = new MemoryNode(new[] { 1f });
            node.SetAttribute("count", 0);
            id = db.Save(node);
        }

        Concurrent.RunTogether(threads, _ =>
        {
            using var db = Database.FileBased(StorePath);
            for (var i = 0; i < incrementsPerThread; i++)
            {
                db.Update(id, n => n.SetAttribute("count", (long)n.GetAttribute("count")! + 1));
            }
        });

        using var check = Database.FileBased(StorePath);
        Assert.Equal((long)threads * incrementsPerThread, check.Load(id).GetAttribute("count"));
    }

    /// <summary>The race that used to lose connections: one thread saves loaded copies while others connect the same node.</summary>
    [Fact]
    public void SavesOfLoadedCopies_RacingConnectsOnTheSameNode_LoseNoConnectionAndNoAttribute()
    {
        const int connectors = 4;
        const int connectsEach = 40;
        const int saves = 60;
        Guid source;
        List<Guid> targets;
        using (var setup = Database.FileBased(StorePath))
        {
            source = setup.Save(new MemoryNode(new[] { 1f }));
            targets = Enumerable.Range(0, connectors * connectsEach).Select(i => setup.Save(new MemoryNode(new[] { (float)i }))).ToList();
        }

        var conflicts = new ConcurrentBag<NodeConflictException>();
        Concurrent.RunTogether(connectors + 1, worker =>
        {
            using var db = Database.FileBased(StorePath);
            if (worker == connectors)
            {
                for (var i = 0; i < saves; i++)
                {
                    var copy = db.Load(source);
                    copy.SetAttribute($"saved-{i}", i);
                    try
                    {
                        db.Save(copy);
                    }
                    catch (NodeConflictException conflict)
                    {
                        conflicts.Add(conflict);
                    }
                }
            }
            else
            {
                foreach (var target in targets.Skip(worker * connectsEach).Take(connectsEach))
                {
                    db.Connect(source, target, "Association", 0.5f);
                }
            }
        });

        using var check = Database.FileBased(StorePath);
        var stored = check.Load(source);
        Assert.Empty(conflicts);
        Assert.Equal(targets.OrderBy(id => id), stored.Connections.Select(c => c.TargetId).OrderBy(id => id));
        Assert.All(Enumerable.Range(0, saves), i => Assert.Equal((long)i, stored.GetAttribute($"saved-{i}")));
    }

    [Fact]
    public void A_node_loaded_from_one_store_saves_into_another_as_a_new_node_there()
    {
        using var notes = Database.FileBased(_temp.Child("notes"));
        using var archive = Database.FileBased(_temp.Child("archive"));
        using var memory = Database.InMemory();
        var node = new MemoryNode(new[] { 1f });
        node.SetAttribute("content", "first note");
        var id = notes.Save(node);

        var loaded = notes.Load(id);
        archive.Save(loaded);
        loaded.SetAttribute("content", "archived note");
        archive.Save(loaded);
        memory.Save(notes.Load(id));

        Assert.Equal("archived note", archive.Load(id).GetAttribute("content"));
        Assert.Equal("first note", memory.Load(id).GetAttribute("content"));
        Assert.Equal("first note", notes.Load(id).GetAttribute("content"));
    }

    [Fact]
    public void A_node_copied_into_a_store_that_has_another_node_with_its_id_is_a_conflict()
    {
        using var notes = Database.FileBased(_temp.Child("notes"));
        using var archive = Database.FileBased(_temp.Child("archive"));
        var id = notes.Save(new MemoryNode(new[] { 1f }));
        archive.Save(notes.Load(id));
        archive.Update(id, n => n.SetAttribute("content", "kept in the archive"));

        var conflict = Assert.Throws<NodeConflictException>(() => archive.Save(notes.Load(id)));

        Assert.Equal(id, conflict.NodeId);
        Assert.Equal("kept in the archive", archive.Load(id).GetAttribute("content"));
    }
}
