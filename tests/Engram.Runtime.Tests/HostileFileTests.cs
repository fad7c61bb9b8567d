using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Engram.Runtime.Tests.TestSupport;
using EngramDb;
using Xunit;

namespace Engram.Runtime.Tests;

/// <summary>
/// Anything in the store that is not a regular file is refused at once, naming it; oversized node files are refused;
/// every lock wait is bounded and says what it waited for. Each test runs under a hang guard, so a regression fails
/// the test instead of hanging the run.
/// </summary>
public sealed class HostileFileTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public HostileFileTests()
    {
        Directory.CreateDirectory(StorePath);
    }

    public void Dispose() => _temp.Dispose();

    private string StorePath => _temp.Child("store");

    public static TheoryData<string> NonRegularFiles => new() { "fifo", "symlink to fifo", "symlink to /dev/zero", "socket" };

    [Theory, MemberData(nameof(NonRegularFiles))]
    public void ANonRegularFileNamedLikeANode_IsRefusedAtOnce_NamingIt_AndTheRestKeepsWorking(string what)
    {
        HangGuard.Run(() =>
        {
            var reported = new List<UnreadableNode>();
            using var db = Database.FileBased(StorePath, new FileStoreOptions { UnreadableNodeFound = reported.Add });
            var good = db.Save(new MemoryNode(new[] { 1f, 0f }));
            var hostile = Ids.WithPrefix(good.ToString().Substring(0, 2));
            var file = StoreLayout.NodeFile(StorePath, hostile);
            using var socket = Create(what, file);

            var load = Assert.ThrowsAny<IOException>(() => db.Load(hostile));
            var hits = db.SearchSimilar(new[] { 1f, 0f }, 10, 0f);
            db.Connect(good, good, "Association", 0.5f);

            Assert.Contains(file, load.Message);
            Assert.Contains(hostile.ToString(), load.Message);
            Assert.Contains("not a regular file", load.Message);
            Assert.Equal(new[] { good }, hits.Select(h => h.Id));
            var unreadable = Assert.Single(db.UnreadableNodes);
            Assert.Equal(hostile, unreadable.Id);
            Assert.Contains(file, unreadable.Error.Message);
            Assert.Single(reported);
            Assert.Single(db.GetConnections(good));
        });
    }

    [Fact]
    public void ANodeFileAboveTheConfiguredBound_IsRefused_NamingTheFileAndTheBound()
    {
        HangGuard.Run(() =>
        {
            using var db = Database.FileBased(StorePath, new FileStoreOptions { MaxNodeFileBytes = 1024 });
            var node = new MemoryNode(new float[400]);
            var id = node.Id;
            var file = StoreLayout.NodeFile(StorePath, id);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllBytes(file, node.ToUtf8Json());
            var small = db.Save(new MemoryNode(new[] { 1f }));

            var error = Assert.ThrowsAny<IOException>(() => db.Load(id));

            Assert.Contains(file, error.Message);
            Assert.Contains("1,024-byte bound", error.Message);
            Assert.Equal(small, db.Load(small).Id);
            Assert.Equal(id, Assert.Single(db.UnreadableNodes).Id);
        });
    }

    [Fact]
    public void TheDefaultBound_Is64MiB_AndAFileJustAboveIt_IsRefusedWithoutBeingRead()
    {
        HangGuard.Run(() =>
        {
            using var db = Database.FileBased(StorePath);
            var id = Guid.NewGuid();
            var file = StoreLayout.NodeFile(StorePath, id);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            using (var sparse = File.Create(file))
            {
                sparse.SetLength(FileStoreOptions.DefaultMaxNodeFileBytes + 1);
            }

            var error = Assert.ThrowsAny<IOException>(() => db.Load(id));

            Assert.Equal(64L * 1024 * 1024, FileStoreOptions.DefaultMaxNodeFileBytes);
            Assert.Contains(file, error.Message);
            Assert.Contains("67,108,864-byte bound", error.Message);
        });
    }

    [Fact]
    public void OpeningAnOpenStoreWithOtherOptions_Throws_NamingThePath_AndInvalidOptionsAreRefused()
    {
        HangGuard.Run(() =>
        {
            using var first = Database.FileBased(StorePath, new FileStoreOptions { MaxNodeFileBytes = 4096 });
            using var plain = Database.FileBased(StorePath);
            using var same = Database.FileBased(StorePath, new FileStoreOptions { MaxNodeFileBytes = 4096 });

            var error = Assert.Throws<InvalidOperationException>(() => Database.FileBased(StorePath, new FileStoreOptions()));

            Assert.Contains(StorePath, error.Message);
            Assert.Throws<ArgumentOutOfRangeException>(() => Database.FileBased(_temp.Child("other"), new FileStoreOptions { MaxNodeFileBytes = 0 }));
            Assert.Throws<ArgumentOutOfRangeException>(() => Database.FileBased(_temp.Child("other"), new FileStoreOptions { LockTimeout = TimeSpan.Zero }));
        });
    }

    [Fact]
    public void AWriteWaitingForAnotherThreadsLock_TimesOut_SayingWhatItWaitedFor()
    {
        HangGuard.Run(() =>
        {
            using var db = Database.FileBased(StorePath, new FileStoreOptions { LockTimeout = TimeSpan.FromMilliseconds(200) });
            var id = db.Save(new MemoryNode(new[] { 1f }));
            using var holding = new ManualResetEventSlim();
            using var release = new ManualResetEventSlim();
            var holder = new Thread(() =>
            {
                using var own = Database.FileBased(StorePath);
                own.Update(id, _ =>
                {
                    holding.Set();
                    release.Wait();
                });
            });
            holder.Start();
            holding.Wait();
            try
            {
                var error = Assert.ThrowsAny<IOException>(() => db.Connect(id, id, "Association", 0.5f));

                Assert.Contains("another thread of this process", error.Message);
                Assert.Contains(id.ToString(), error.Message);
                Assert.Contains(StorePath, error.Message);
            }
            finally
            {
                release.Set();
                holder.Join();
            }

            Assert.Empty(db.GetConnections(id));
        });
    }

    [Fact]
    public void AWriteWaitingForAnotherProcesssLockFile_TimesOut_NamingTheLockFile()
    {
        HangGuard.Run(() =>
        {
            using var db = Database.FileBased(StorePath, new FileStoreOptions { LockTimeout = TimeSpan.FromMilliseconds(200) });
            var id = db.Save(new MemoryNode(new[] { 1f }));
            var lockFile = Path.Combine(StorePath, ".engram-locks", id.ToString().Substring(0, 2) + ".lock");
            using var otherProcess = Process.Start(new ProcessStartInfo("flock", new[] { lockFile, "sleep", "30" }) { UseShellExecute = false })!;
            try
            {
                WaitUntilLocked(lockFile);

                var error = Assert.ThrowsAny<IOException>(() => db.Update(id, n => n.SetAttribute("x", 1)));

                Assert.Contains("another process", error.Message);
                Assert.Contains(lockFile, error.Message);
                Assert.Null(db.Load(id).GetAttribute("x"));
            }
            finally
            {
                otherProcess.Kill();
                otherProcess.WaitForExit();
            }
        });
    }

    [Fact]
    public void Update_MaySaveAnotherNodeOfTheSameLockStripe_WithoutWaitingForItself()
    {
        HangGuard.Run(() =>
        {
            using var db = Database.FileBased(StorePath, new FileStoreOptions { LockTimeout = TimeSpan.FromMilliseconds(500) });
            var first = db.Save(new MemoryNode(new[] { 1f }));
            var sameStripe = Ids.NodeWithPrefix(first.ToString().Substring(0, 2), new[] { 2f });

            db.Update(first, node =>
            {
                node.SetAttribute("linked", sameStripe.Id.ToString());
                db.Save(sameStripe);
            });

            Assert.Equal(sameStripe.Id.ToString(), db.Load(first).GetAttribute("linked"));
            Assert.Equal(sameStripe.Id, db.Load(sameStripe.Id).Id);
        });
    }

    private static void WaitUntilLocked(string lockFile)
    {
        var deadline = DateTime.UtcNow + HangGuard.Limit;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var probe = new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                return;
            }

            Thread.Sleep(10);
        }

        throw new TimeoutException($"flock never took '{lockFile}'.");
    }

    // Returns the socket when one was made; it must stay open while the test runs.
    private static IDisposable? Create(string what, string file)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        switch (what)
        {
            case "fifo":
                ExternalCommand.Run("mkfifo", file);
                return null;
            case "symlink to fifo":
                var fifo = file + ".target";
                ExternalCommand.Run("mkfifo", fifo);
                File.CreateSymbolicLink(file, fifo);
                return null;
            case "symlink to /dev/zero":
                File.CreateSymbolicLink(file, "/dev/zero");
                return null;
            case "socket":
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                socket.Bind(new UnixDomainSocketEndPoint(file));
                return socket;
            default:
                throw new ArgumentOutOfRangeException(nameof(what), what, null);
        }
    }
}
