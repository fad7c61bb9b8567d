using System;
using System.Collections.Generic;

namespace Engram.Benchmarks.AnalyzerOverhead.Generator;

/// <summary>
/// Members of a class that works on the runtime's types the safe way: the shared <c>ThreadSafeAgentContext</c>
/// crosses threads, each thread and each post-await continuation reads its own <c>ctx.Db</c>, and handles kept in
/// statics are per thread (<c>[ThreadStatic]</c>, <c>PerThread&lt;T&gt;</c>). None of it is an ENG diagnostic.
/// </summary>
internal static class AgentMemoryMembers
{
    public static IReadOnlyList<Func<FileContext, string>> Pool { get; } = new Func<FileContext, string>[]
    {
        Remember, ImportOnWorker, IndexInParallel, CountAfterRefresh, RecentContents, CountInMemory, Link, SearchOnWorker,
        CountTagged, ScratchCount, SaveToWorkspace, CountOnDedicatedThread, Archive, RecordRequirement,
    };

    public static string Constructor(FileContext c) => $$"""
            private readonly ThreadSafeAgentContext _context;

            public {{Names.AgentMemory(c.Index)}}(ThreadSafeAgentContext context)
            {
                _context = context ?? throw new ArgumentNullException(nameof(context));
            }

            private static float[] Embed(string text) =>
                new[] { text.Length / 100f, text.Count(char.IsUpper) / 10f, text.Count(char.IsDigit) / 10f, {{c.Salt}} / 100f };
        """;

    private static string Remember(FileContext c) => $$"""
            public async Task<Guid> RememberAsync(string role, string content, CancellationToken cancellationToken)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(1), cancellationToken).ConfigureAwait(false);
                return _context.StoreMessage(role, content);
            }
        """;

    private static string ImportOnWorker(FileContext c) => $$"""
            public Task<int> ImportOnWorkerAsync(IReadOnlyList<string> lines, CancellationToken cancellationToken) =>
                Task.Run(
                    () =>
                    {
                        var db = _context.Db;
                        var stored = 0;
                        foreach (var line in lines)
                        {
                            cancellationToken.ThrowIfCancellationRequested();
                            var node = new MemoryNode(Embed(line));
                            node.SetAttribute("content", line);
                            node.SetAttribute("source", "{{Names.Noun(c.Index)}}");
                            db.Save(node);
                            stored++;
                        }

                        return stored;
                    },
                    cancellationToken);
        """;

    private static string IndexInParallel(FileContext c) => $$"""
            public void IndexInParallel(IReadOnlyList<float[]> vectors)
            {
                Parallel.ForEach(vectors, vector =>
                {
                    var node = new MemoryNode(vector);
                    node.SetAttribute("kind", "vector");
                    _context.Db.Save(node);
                });
            }
        """;

    private static string CountAfterRefresh(FileContext c) => $$"""
            public async Task<int> CountAfterRefreshAsync(CancellationToken cancellationToken)
            {
                await Task.Delay(TimeSpan.FromMilliseconds({{c.Salt}}), cancellationToken).ConfigureAwait(false);
                var db = _context.Db;
                return db.ListAll().Count;
            }
        """;

    private static string RecentContents(FileContext c) => $$"""
            public IReadOnlyList<string> RecentContents(int limit) =>
                _context.GetChatHistory(limit)
                    .Where(message => message.Role == "user")
                    .Select(message => message.Content)
                    .ToList();
        """;

    private static string CountInMemory(FileContext c) => $$"""
            public static int CountInMemory(IEnumerable<float[]> vectors)
            {
                using var db = Database.InMemory();
                foreach (var vector in vectors)
                {
                    db.Save(new MemoryNode(vector));
                }

                return db.ListAll().Count;
            }
        """;

    private static string Link(FileContext c) => $$"""
            public async Task LinkAsync(Guid source, Guid target, CancellationToken cancellationToken)
            {
                await Task.Yield();
                cancellationToken.ThrowIfCancellationRequested();
                var db = _context.Db;
                db.Connect(source, target, "Association", {{c.Salt}} / 100f);
            }
        """;

    private static string SearchOnWorker(FileContext c) => $$"""
            public async Task<IReadOnlyList<string>> SearchOnWorkerAsync(string text, CancellationToken cancellationToken)
            {
                var hits = await Task.Run(() => _context.SearchSimilar(text, {{c.Salt % 5 + 1}}), cancellationToken).ConfigureAwait(false);
                return hits
                    .Where(hit => hit.Similarity > 0.{{c.Salt % 9 + 1}}f)
                    .Select(hit => hit.Node.GetAttribute("content") as string ?? string.Empty)
                    .ToList();
            }
        """;

    private static string CountTagged(FileContext c) => $$"""
            public static int CountTagged(string storePath, string tag)
            {
                using var db = Database.FileBased(storePath);
                return db.ListAll()
                    .Select(db.Load)
                    .Count(node => node.GetAttribute("tag") as string == tag);
            }
        """;

    private static string ScratchCount(FileContext c) => $$"""
            [ThreadStatic]
            private static Database? t_scratch;

            public static int ScratchCount(float[] vector)
            {
                var db = t_scratch ??= Database.InMemory();
                db.Save(new MemoryNode(vector));
                return db.ListAll().Count;
            }
        """;

    private static string SaveToWorkspace(FileContext c) => $$"""
            private static readonly PerThread<Database> s_workspaces = new(() => Database.InMemory());

            public static Guid SaveToWorkspace(float[] vector) => s_workspaces.Value.Save(new MemoryNode(vector));
        """;

    private static string CountOnDedicatedThread(FileContext c) => $$"""
            public static int CountOnDedicatedThread(string storePath)
            {
                var count = 0;
                var thread = new Thread(() =>
                {
                    var db = EngramThreadSafe.GetThreadSafeContext(storePath).Db;
                    count = db.ListAll().Count;
                });
                thread.Start();
                thread.Join();
                return count;
            }
        """;

    private static string Archive(FileContext c) => $$"""
            public async Task<int> ArchiveAsync(IReadOnlyList<Guid> ids, CancellationToken cancellationToken)
            {
                var before = _context.Db.ListAll().Count;
                await Task.Delay(TimeSpan.FromMilliseconds(1), cancellationToken).ConfigureAwait(false);
                var db = _context.Db;
                var removed = 0;
                foreach (var id in ids)
                {
                    if (db.Delete(id))
                    {
                        removed++;
                    }
                }

                return before - removed;
            }
        """;

    private static string RecordRequirement(FileContext c) => $$"""
            public Task<Guid> RecordRequirementAsync(string text) =>
                Task.Run(() => _context.StoreMemory(
                    "requirement",
                    text,
                    new Dictionary<string, object> { ["priority"] = {{c.Salt % 3}}, ["module"] = "{{c.Namespace}}" }));
        """;
}
