using System;
using Engram.Runtime.Tests.TestSupport;
using EngramDb.Threading;
using Xunit;

namespace Engram.Runtime.Tests;

/// <summary>
/// .NET gives an exited thread's managed id to a new thread once the old <c>Thread</c> object is collected; the owner
/// check must still refuse that thread. These tests run alone (the collection is not parallel), so that no other
/// test's thread takes the freed id first.
/// </summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class ThreadIdReuseTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory, MemberData(nameof(StoreKind.Both), MemberType = typeof(StoreKind))]
    public void ANewThreadThatReusesTheExitedOwnersManagedId_IsStillRefused(string kind)
    {
        var (db, ownerId) = OnThread.Run(() => (StoreKind.Open(kind, _temp), Environment.CurrentManagedThreadId));
        using var _ = db;
        CrossThreadAccessException? refused = null;
        var callerId = 0;

        ReusedThreadId.Run(ownerId, () =>
        {
            callerId = Environment.CurrentManagedThreadId;
            refused = Assert.Throws<CrossThreadAccessException>(() => db.ListAll());
        });

        Assert.Equal(ownerId, callerId);
        Assert.Equal(ownerId, refused!.OwnerThreadId);
        Assert.Equal(ownerId, refused.CallerThreadId);
        Assert.Contains("has exited", refused.Message);
    }

    [Fact]
    public void ThreadAffinity_RefusesANewThreadWithTheExitedOwnersId_AndAcceptsTheOwner()
    {
        var (affinity, ownerAllowed) = OnThread.Run(() =>
        {
            var created = new ThreadAffinity(typeof(ThreadIdReuseTests));
            return (created, created.CheckAccess());
        });
        var reuserAllowed = true;

        ReusedThreadId.Run(affinity.OwnerThreadId, () => reuserAllowed = affinity.CheckAccess());

        Assert.True(ownerAllowed);
        Assert.False(reuserAllowed);
    }
}
