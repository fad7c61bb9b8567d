using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Engram.Runtime.Tests.TestSupport;
using EngramDb;
using Xunit;

namespace Engram.Runtime.Tests;

/// <summary>Many threads, each with its own handle on one directory: nothing lost, nothing stale.</summary>
public sealed class ConcurrencyTests : IDisposable
{
    private const int Threads = 8;

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string StorePath => _temp.Child("store");

    [Fact]
    public void EightThreadsSavingHundredsOfNodes_ThroughTheirOwnHandles_LoseNone()
    {
        const int perThread = 200;
        var saved = new ConcurrentBag<(Guid Id, int Thread, int Index)>();

        Concurrent.RunTogether(Threads, thread =>
        {
            using var db = Database.FileBased(StorePath);
            for (var i = 0; i < perThread; i++)
            {
                var node = new MemoryNode(new[] { thread, (float)i });
                node.SetAttribute("thread", thread);
                node.SetAttribute("index", i);
                saved.Add((db.Save(node), thread, i));
            }
        });

        using var check = Database.FileBased(StorePath);
        Assert.Equal(Threads * perThread, saved.Count);
        Assert.Equal(saved.Select(s => s.Id).OrderBy(id => id), check.ListAll());
        Assert.All(saved, s =>
        {
            var node = check.Load(s.Id);
            Assert.Equal((long)s.Thread, node.GetAttribute("thread"));
            Assert.Equal((long)s.Index, node.GetAttribute("index"));
        });
    }

    [Fact]
    public void ConcurrentConnectsOnOneNode_KeepEveryConnection()
    {
        const int perThread = 25;
        var (source, targets) = CreateSourceAndTargets(Threads * perThread);

        // Half the threads reach the store through a symbolic link: another path string, so another in-process
        // store object; only the cross-process file lock keeps them apart.
        var link = _temp.Child("link");
        Directory.CreateSymbolicLink(link, StorePath);
        Concurrent.RunTogether(Threads, thread =>
        {
            using var db = Database.FileBased(thread % 2 == 0 ? StorePath : link);
            foreach (var target in targets.Skip(thread * perThread).Take(perThread))
            {
                db.Connect(source, target, "Association", 0.5f);
            }
        });

        using var check = Database.FileBased(StorePath);
        Assert.Equal(targets.OrderBy(id => id), check.GetConnections(source).Select(c => c.TargetId).OrderBy(id => id));
    }

    [Fact]
    public void ConcurrentConnectsAndDisconnectsOnOneNode_LoseNoUpdate()
    {
        const int perThread = 20;
        var (source, targets) = CreateSourceAndTargets(Threads * perThread);
        var toRemove = targets.Take(Threads / 2 * perThread).ToList();
        var toAdd = targets.Skip(toRemove.Count).ToList();
        using (var db = Database.FileBased(StorePath))
        {
            toRemove.ForEach(target => db.Connect(source, target, "Sequence", 1f));
        }

        Concurrent.RunTogether(Threads, thread =>
        {
            using var db = Database.FileBased(StorePath);
            var half = thread / 2;
            if (thread % 2 == 0)
            {
                toAdd.Skip(half * perThread).Take(perThread).ToList().ForEach(target => db.Connect(source, target, "Association", 0.5f));
            }
            else
            {
                toRemove.Skip(half * perThread).Take(perThread).ToList().ForEach(target => Assert.True(db.Disconnect(source, target)));
            }
        });

        using var check = Database.FileBased(StorePath);
        Assert.Equal(toAdd.OrderBy(id => id), check.GetConnections(source).Select(c => c.TargetId).OrderBy(id => id));
    }

    [Fact]
    public void AWriteOnOneThread_IsSeenAtOnceByAnotherThreadsHandle_SearchIncluded()
    {
        const int rounds = 50;
        using var written = new BlockingCollection<Guid>();
        using var seen = new SemaphoreSlim(0);
        var writer = new Thread(() =>
        {
            using var db = Database.FileBased(StorePath);
            for (var round = 0; round < rounds; round++)
            {
                var node = new MemoryNode(new[] { 1f, round + 1f });
                node.SetAttribute("round", round);
                written.Add(db.Save(node));
                seen.Wait();
            }
        });

        using var reader = Database.FileBased(StorePath);
        writer.Start();
        for (var round = 0; round < rounds; round++)
        {
            var id = written.Take();
            Assert.Equal((long)round, reader.Load(id).GetAttribute("round"));
            Assert.Contains(id, reader.ListAll());
            Assert.Equal(id, reader.SearchSimilar(new[] { 1f, round + 1f }, 1, 0.999f).Single().Id);
            seen.Release();
        }

        writer.Join();
    }

    private (Guid Source, List<Guid> Targets) CreateSourceAndTargets(int count)
    {
        using var db = Database.FileBased(StorePath);
        var source = db.Save(new MemoryNode(new[] { 1f }));
        return (source, Enumerable.Range(0, count).Select(i => db.Save(new MemoryNode(new[] { (float)i }))).ToList());
    }
}
