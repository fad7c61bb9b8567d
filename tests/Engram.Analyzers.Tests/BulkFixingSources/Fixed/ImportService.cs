using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using EngramDb;

namespace Notes;

/// <summary>Imports lines of text into an archive store, several at a time.</summary>
public sealed class ImportService
{
    private const string ArchivePath = "archive.engramdb";

    public async Task<int> ImportAsync(string[] lines)
    {
        var archiveContext = EngramThreadSafe.GetThreadSafeContext(ArchivePath);
        archiveContext.Db.ClearAll();
        await FanOut.ForEachAsync(lines, line =>
        {
            var node = new MemoryNode(new[] { (float)line.Length, 0f });
            node.SetAttribute("content", line);
            archiveContext.Db.Save(node);
        });
        var count = archiveContext.Db.ListAll().Count;
        return count;
    }
}

internal static class FanOut
{
    // Runs the work for every item on the thread pool and waits for all of it.
    public static Task ForEachAsync(IEnumerable<string> items, Action<string> work) =>
        Task.WhenAll(items.Select(item => Task.Run(() => work(item))));
}

internal static class AuditTrail
{
    private static Database Trail => EngramThreadSafe.GetThreadSafeContext("audit.engramdb").Db;

    public static void Record(string what) => Trail.Save(new MemoryNode(new[] { (float)what.Length }));
}
