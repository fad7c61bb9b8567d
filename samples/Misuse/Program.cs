using System;
using System.Threading;
using System.Threading.Tasks;
using EngramDb;

namespace Misuse;

// Deliberately wrong: written the naive way, every Database handle below reaches a thread that did not
// create it, and a mutex is released on a thread that may not own it. The build fails with ENG001, ENG002, ENG003 and ENG005.
internal static class Program
{
    private const string AuditPath = "misuse-data/audit.engramdb";
    private const string ArchivePath = "misuse-data/archive.engramdb";

    // One handle for the whole process, used by whichever thread records an event.
    private static readonly Database AuditLog = Database.FileBased(AuditPath);

    private static async Task<int> Main(string[] args)
    {
        string notesPath = args.Length > 0 ? args[0] : "misuse-data/notes.engramdb";
        using var notes = Database.FileBased(notesPath);
        notes.ClearAll();
        AuditLog.ClearAll();
        var archive = Database.FileBased(ArchivePath);
        archive.ClearAll();

        Guid first = notes.Save(Note("first note", 0f));

        // A thread-pool thread reads through the main thread's handle.
        MemoryNode loaded = Task.Run(() => notes.Load(first)).Result;

        // A console app has no synchronization context: after this await Main continues on a thread-pool thread,
        // where the handles opened above belong to another thread.
        await Task.Delay(10);
        archive.Save(loaded);
        Console.WriteLine($"Archived \"{notes.Load(first).GetAttribute("content")}\".");

        // Workers write through it at once, and record each save in the shared audit log.
        Parallel.For(1, 5, i =>
        {
            notes.Save(Note($"note from worker {i}", i));
            AuditLog.Save(Note($"worker {i} saved a note", i));
        });

        // A dedicated thread counts what was stored.
        int stored = 0;
        var counter = new Thread(() => stored = notes.ListAll().Count);
        counter.Start();
        counter.Join();

        int audited = AuditLog.ListAll().Count;
        int archived = archive.ListAll().Count;
        await AppendRunLogAsync($"{stored} stored, {audited} audited, {archived} archived");
        Console.WriteLine($"Loaded \"{loaded.GetAttribute("content")}\"; {stored} notes stored, {audited} saves audited, {archived} archived.");
        return stored == 5 && audited == 4 && archived == 1 ? 0 : 1;
    }

    // One writer at a time appends to the run log.
    private static readonly Mutex RunLogLock = new Mutex();

    private static async Task AppendRunLogAsync(string line)
    {
        RunLogLock.WaitOne();
        // The append may complete on a thread-pool thread: the release below then runs there.
        await System.IO.File.AppendAllTextAsync("misuse-data/run.log", line + Environment.NewLine);
        RunLogLock.ReleaseMutex();
    }

    private static MemoryNode Note(string content, float weight)
    {
        var node = new MemoryNode(new[] { weight, 1f });
        node.SetAttribute("content", content);
        return node;
    }
}
