using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Engram.Runtime.Tests.TestSupport;
using EngramDb;
using Xunit;

namespace Engram.Runtime.Tests;

/// <summary>
/// Two other processes (tests/Engram.Runtime.StoreWriter) and this one write one directory at once: each saves new
/// nodes and connects one shared node to them. No save and no connection may be lost.
/// </summary>
public sealed class TwoProcessTests : IDisposable
{
    private const int NodesPerWriter = 100;

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ProcessesWritingOneDirectory_LoseNoSaveAndNoConnection()
    {
        var storePath = _temp.Child("store");
        Guid source;
        using (var db = Database.FileBased(storePath))
        {
            source = db.Save(new MemoryNode(new[] { 1f, 0f }));
        }

        var writers = new[] { "writer-a", "writer-b" }.Select(name => StoreWriterProcess.Start(storePath, source, NodesPerWriter, name)).ToList();
        try
        {
            foreach (var writer in writers)
            {
                Assert.Equal("ready", await writer.StandardOutput.ReadLineAsync());
            }

            foreach (var writer in writers)
            {
                await writer.StandardInput.WriteLineAsync("go");
                await writer.StandardInput.FlushAsync();
            }

            var local = Task.Run(() => WriteFromThisProcess(storePath, source));
            var outputs = await Task.WhenAll(writers.Select(writer => Task.Run(() => StoreWriterProcess.ReadIds(writer))));
            var localIds = await local;

            var expected = outputs.SelectMany(ids => ids).Concat(localIds).ToList();
            Assert.Equal(3 * NodesPerWriter, expected.Distinct().Count());
            using var check = Database.FileBased(storePath);
            Assert.Equal(expected.Append(source).OrderBy(id => id), check.ListAll());
            Assert.Equal(expected.OrderBy(id => id), check.GetConnections(source).Select(c => c.TargetId).OrderBy(id => id));
            Assert.Equal(
                new[] { "writer-a", "writer-b", "this process" }.SelectMany(name => Enumerable.Repeat(name, NodesPerWriter)).OrderBy(n => n),
                expected.Select(id => (string)check.Load(id).GetAttribute("writer")!).OrderBy(n => n));
        }
        finally
        {
            foreach (var writer in writers)
            {
                if (!writer.HasExited)
                {
                    writer.Kill();
                }

                writer.Dispose();
            }
        }
    }

    private static List<Guid> WriteFromThisProcess(string storePath, Guid source)
    {
        using var db = Database.FileBased(storePath);
        var ids = new List<Guid>();
        for (var i = 0; i < NodesPerWriter; i++)
        {
            var node = new MemoryNode(new[] { 0f, i });
            node.SetAttribute("writer", "this process");
            var id = db.Save(node);
            db.Connect(source, id, "this process", 0.5f);
            ids.Add(id);
        }

        return ids;
    }
}
