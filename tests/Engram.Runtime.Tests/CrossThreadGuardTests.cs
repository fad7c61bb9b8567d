using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Engram.Runtime.Tests.TestSupport;
using EngramDb;
using EngramDb.Threading;
using Xunit;

namespace Engram.Runtime.Tests;

/// <summary>Every <see cref="Database"/> member but <c>Dispose</c> refuses a thread other than the creator's.</summary>
public sealed class CrossThreadGuardTests : IDisposable
{
    private static readonly Dictionary<string, Action<Database, Guid>> s_guardedMembers = new()
    {
        ["Path"] = (db, _) => GC.KeepAlive(db.Path),
        ["Save"] = (db, _) => db.Save(new MemoryNode(new[] { 1f })),
        ["Load"] = (db, id) => db.Load(id),
        ["Delete"] = (db, id) => db.Delete(id),
        ["ListAll"] = (db, _) => db.ListAll(),
        ["ClearAll"] = (db, _) => db.ClearAll(),
        ["SearchSimilar"] = (db, _) => db.SearchSimilar(new[] { 1f }, 1, 0f),
        ["Connect"] = (db, id) => db.Connect(id, id, "Association", 0.5f),
        ["Disconnect"] = (db, id) => db.Disconnect(id, id),
        ["GetConnections"] = (db, id) => db.GetConnections(id),
        ["Update"] = (db, id) => db.Update(id, node => node.SetAttribute("touched", true)),
        ["UnreadableNodes"] = (db, _) => GC.KeepAlive(db.UnreadableNodes),
    };

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string, string> MembersOnBothStores()
    {
        var data = new TheoryData<string, string>();
        foreach (var kind in new[] { StoreKind.InMemory, StoreKind.FileBased })
        {
            foreach (var member in s_guardedMembers.Keys)
            {
                data.Add(kind, member);
            }
        }

        return data;
    }

    [Fact]
    public void TheGuardedMemberList_CoversEveryPublicInstanceMemberButDispose()
    {
        var publicMembers = typeof(Database)
            .GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => m is PropertyInfo || m is MethodInfo { IsSpecialName: false })
            .Select(m => m.Name)
            .Where(name => name != nameof(Database.Dispose))
            .ToHashSet();

        Assert.Equal(publicMembers.OrderBy(n => n), s_guardedMembers.Keys.OrderBy(n => n));
    }

    [Theory, MemberData(nameof(MembersOnBothStores))]
    public void OnAnotherThread_ThrowsTheUnsendableError_AndDoesNothing(string kind, string member)
    {
        using var db = StoreKind.Open(kind, _temp);
        var id = db.Save(new MemoryNode(new[] { 1f }));
        var owner = Environment.CurrentManagedThreadId;
        var caller = 0;

        var error = Assert.Throws<CrossThreadAccessException>(() => OnThread.Run(() =>
        {
            caller = Environment.CurrentManagedThreadId;
            s_guardedMembers[member](db, id);
        }));

        Assert.Equal("EngramDb.Database", error.HandleTypeName);
        Assert.Equal(owner, error.OwnerThreadId);
        Assert.Equal(caller, error.CallerThreadId);
        Assert.NotEqual(owner, caller);
        Assert.Contains("EngramDb.Database", error.Message);
        Assert.Contains("is unsendable, but sent to another thread", error.Message);
        Assert.Contains($"ThreadId({owner})", error.Message);
        Assert.Contains($"ThreadId({caller})", error.Message);
        Assert.Equal(new[] { id }, db.ListAll());
        Assert.Empty(db.GetConnections(id));
    }

    [Theory, MemberData(nameof(MembersOnBothStores))]
    public void OnTheOwnerThread_Works(string kind, string member)
    {
        using var db = StoreKind.Open(kind, _temp);
        var id = db.Save(new MemoryNode(new[] { 1f }));

        s_guardedMembers[member](db, id);
    }

    [Theory, MemberData(nameof(StoreKind.Both), MemberType = typeof(StoreKind))]
    public void Dispose_WorksFromAnotherThread_AndTheOwnerThenGetsObjectDisposed(string kind)
    {
        var db = StoreKind.Open(kind, _temp);
        var id = db.Save(new MemoryNode(new[] { 1f }));

        OnThread.Run(db.Dispose);
        OnThread.Run(db.Dispose);

        Assert.Throws<ObjectDisposedException>(() => db.Load(id));
        Assert.Throws<CrossThreadAccessException>(() => OnThread.Run(() => db.Load(id)));
    }

    [Fact]
    public void Database_IsMarkedThreadAffine_ForTheAnalyzer()
    {
        Assert.NotNull(typeof(Database).GetCustomAttribute<ThreadAffineAttribute>());
    }
}
