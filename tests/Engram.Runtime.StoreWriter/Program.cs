using System;
using EngramDb;

// Usage: Engram.Runtime.StoreWriter <store path> <shared source node id> <count> <writer name>
// Prints "ready", waits for "go" on standard input (so that several writers start together), then saves <count>
// new nodes and connects the shared source node to each of them (a read-modify-write of one node that every
// writer does at once), printing each new node's id.
if (args.Length != 4 || !Guid.TryParse(args[1], out var source) || !int.TryParse(args[2], out var count))
{
    Console.Error.WriteLine("usage: Engram.Runtime.StoreWriter <store path> <source id> <count> <writer name>");
    return 2;
}

var writer = args[3];
using var db = Database.FileBased(args[0]);
Console.WriteLine("ready");
if (Console.ReadLine() != "go")
{
    Console.Error.WriteLine("expected 'go' on standard input");
    return 2;
}

for (var i = 0; i < count; i++)
{
    var node = new MemoryNode(new[] { 1f, i });
    node.SetAttribute("writer", writer);
    node.SetAttribute("index", i);
    var id = db.Save(node);
    db.Connect(source, id, writer, 0.5f);
    Console.WriteLine(id);
}

return 0;
