using System;
using System.Threading.Tasks;
using EngramDb;

namespace Notes;

/// <summary>Notes kept in the store; one instance serves every request.</summary>
public sealed class NotesRepository
{
    private readonly Database _db;

    public NotesRepository(Database db)
    {
        _db = db;
    }

    public Guid Add(string text)
    {
        var node = new MemoryNode(new[] { (float)text.Length, 1f });
        node.SetAttribute("content", text);
        return _db.Save(node);
    }

    public MemoryNode Get(Guid id) => _db.Load(id);

    // Counting can take a while on a big store: done off the caller's thread.
    public Task<int> CountInBackgroundAsync() => Task.Run(() => _db.ListAll().Count);
}
