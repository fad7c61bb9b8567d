using System.Linq;
using BenchmarkDotNet.Attributes;
using EngramDb;
using EngramDb.Storage;

namespace Engram.Runtime.Benchmarks;

/// <summary>
/// <c>StoreMessage</c> from 1, 2 and 8 threads at once: the context pattern (each thread its own handle) against the
/// two usual ways of sharing one handle. Each invocation stores <see cref="MessagesPerInvocation"/> messages split
/// evenly between long-lived worker threads; times are per message.
/// </summary>
/// <remarks>
/// A <c>Database</c> cannot be shared at all (its owner check throws on every other thread), so both alternatives use
/// the thread-safe store beneath it, which is what sharing "one database" would have to mean. They get every advantage:
/// the message node is built outside the lock, and neither pays for an owner check.
/// </remarks>
public class StoreMessageThroughputBenchmarks
{
    public const int MessagesPerInvocation = 48;

    private const string ChatId = "throughput";

    private TemporaryDirectory _store = null!;
    private ThreadSafeAgentContext _context = null!;
    private NodeStore _sharedStore = null!;
    private readonly object _sharedStoreGate = new();
    private RawStorePool _pool = null!;
    private WorkerGang _workers = null!;
    private string[] _messages = null!;

    [Params(1, 2, 8)]
    public int Threads { get; set; }

    private int MessagesPerWorker => MessagesPerInvocation / Threads;

    [GlobalSetup]
    public void OpenStore()
    {
        _store = new TemporaryDirectory("throughput");
        _context = EngramThreadSafe.GetThreadSafeContext(_store.Path, ChatId);
        _sharedStore = FileNodeStore.Open(_store.Path);
        _pool = new RawStorePool(_store.Path);
        _workers = new WorkerGang(Threads);
        _messages = Enumerable.Range(0, MessagesPerInvocation).Select(i => $"user message {i}: please remember that the build is green").ToArray();
    }

    [GlobalCleanup]
    public void DeleteStore()
    {
        _workers.Dispose();
        _pool.Dispose();
        _sharedStore.Release();
        _store.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = MessagesPerInvocation)]
    public void ContextPattern() => _workers.Run(_ =>
    {
        for (var i = 0; i < MessagesPerWorker; i++)
        {
            _context.StoreMessage("user", _messages[i]);
        }
    });

    [Benchmark(OperationsPerInvoke = MessagesPerInvocation)]
    public void SharedStoreBehindLock() => _workers.Run(_ =>
    {
        for (var i = 0; i < MessagesPerWorker; i++)
        {
            var node = MessageNodes.Create(ChatId, "user", _messages[i]);
            lock (_sharedStoreGate)
            {
                _sharedStore.Save(node);
            }
        }
    });

    [Benchmark(OperationsPerInvoke = MessagesPerInvocation)]
    public void PooledRawHandles() => _workers.Run(_ =>
    {
        for (var i = 0; i < MessagesPerWorker; i++)
        {
            var node = MessageNodes.Create(ChatId, "user", _messages[i]);
            var handle = _pool.Rent();
            try
            {
                handle.Save(node);
            }
            finally
            {
                _pool.Return(handle);
            }
        }
    });
}
