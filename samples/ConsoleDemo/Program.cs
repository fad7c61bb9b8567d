using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EngramDb;
using EngramDb.Threading;

// Shows the problem and the answer:
//   1. a Database handle used from a thread other than its creator fails with the unsendable error;
//   2. a ThreadSafeAgentContext shared by many threads gives each thread its own handle, and nothing is lost.
var storePath = args.Length > 0
    ? args[0]
    : Path.Combine(Path.GetTempPath(), "engram-console-demo-" + Guid.NewGuid().ToString("N"));
var keepStore = args.Length > 0;
try
{
    Console.WriteLine($"Store: {storePath}");
    Console.WriteLine($"Main thread: ThreadId({Environment.CurrentManagedThreadId})");
    Console.WriteLine();

    Console.WriteLine("1. The wrong way: one Database handle shared with a worker thread");
    using (var db = Database.FileBased(storePath))
    {
        db.Save(new MemoryNode(new[] { 1f, 0f }));
        try
        {
            // Deliberate misuse, to show what the runtime guard does; the analyzer reports it as ENG001.
    #pragma warning disable ENG001
            await Task.Factory.StartNew(() => db.ListAll(), TaskCreationOptions.LongRunning);
    #pragma warning restore ENG001
            Console.WriteLine("   unexpected: the handle worked on another thread");
            return 1;
        }
        catch (CrossThreadAccessException ex)
        {
            Console.WriteLine($"   {ex.GetType().Name}: {ex.Message}");
        }
    }

    Console.WriteLine();
    Console.WriteLine("2. The right way: share the context, never the handle");
    var ctx = EngramThreadSafe.GetThreadSafeContext(storePath, chatId: "console-demo");
    const int workers = 8;
    const int messagesPerWorker = 25;
    var threads = Enumerable.Range(1, workers).Select(worker => new Thread(() =>
    {
        for (var i = 0; i < messagesPerWorker; i++)
        {
            ctx.StoreMessage("user", $"message {i} from worker {worker} on thread {Environment.CurrentManagedThreadId}");
        }
    })).ToList();
    threads.ForEach(t => t.Start());
    threads.ForEach(t => t.Join());

    var history = ctx.GetChatHistory(limit: int.MaxValue);
    Console.WriteLine($"   {workers} threads stored {history.Count} messages (expected {workers * messagesPerWorker})");
    Console.WriteLine($"   newest: \"{history[0].Content}\"");
    ctx.StoreMemory("requirement", "The landing page must load in under one second");
    ctx.StoreMemory("component", "ContactForm: name, email and message fields");
    const string question = "how fast must the landing page load?";
    var best = ctx.SearchSimilar(question, limit: 1).Single();
    Console.WriteLine($"   most similar to \"{question}\": \"{best.Node.GetAttribute("content")}\" ({best.Similarity:F3})");

    var ok = history.Count == workers * messagesPerWorker;
    Console.WriteLine(ok ? "PASSED" : "FAILED");
    return ok ? 0 : 1;
}
finally
{
    if (!keepStore && Directory.Exists(storePath))
    {
        Directory.Delete(storePath, recursive: true);
    }
}
