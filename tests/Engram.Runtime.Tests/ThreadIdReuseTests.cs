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
    // Another thread of the test process may take a freed id first; each try starts again with a new owner.
    private const int Tries = 5;

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory, MemberData(nameof(StoreKind.Both), MemberType = typeof(StoreKind))]
    public void ANewThreadThatReusesTheExitedOwnersManagedId_IsStillRefused(string kind)
    {
        CrossThreadAccessException? refused = null;
        var ownerId = 0;
        var callerId = 0;
        for (var attempt = 0; attempt < Tries && refused is null; attempt++)
        {
            var (db, owner) = OnThread.Run(() => (StoreKind.Open(kind, _temp), Environment.CurrentManagedThreadId));
            using var _ = db;
            ownerId = owner;
            ReusedThreadId.TryRun(ownerId, () =>
            {
                callerId = Environment.CurrentManagedThreadId;
                refused = Assert.Throws<CrossThreadAccessException>(() => db.ListAll());
            });
        }

        Assert.True(refused is not null, $"In {Tries} tries no new thread got an exited owner's managed id.");
        Assert.Equal(ownerId, callerId);
        Assert.Equal(ownerId, refused!.OwnerThreadId);
        Assert.Equal(ownerId, refused.CallerThreadId);
        Assert.Contains("has exited", refused.Message);
    }

    [Fact]
    public void ThreadAffinity_RefusesANewThreadWithTheExitedOwnersId_AndAcceptsTheOwner()
    {
        var reused = false;
        for (var attempt = 0; attempt < Tries && !reused; attempt++)
        {
            var (affinity, ownerAllowed) = OnThread.Run(() =>
            {
                var created = new ThreadAffinity(typeof(ThreadIdReuseTests));
                return (created, created.CheckAccess());
            });
            var reuserAllowed = true;

            reused = ReusedThreadId.TryRun(affinity.OwnerThreadId, () => reuserAllowed = affinity.CheckAccess());

            Assert.True(ownerAllowed);
            Assert.False(reused && reuserAllowed, "A new thread with the exited owner's managed id passed the owner check.");
        }

        Assert.True(reused, $"In {Tries} tries no new thread got an exited owner's managed id.");
    }
}
