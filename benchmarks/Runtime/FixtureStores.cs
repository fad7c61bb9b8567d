using System;
using System.Globalization;
using System.IO;
using EngramDb;

namespace Engram.Runtime.Benchmarks;

/// <summary>A store of a given number of message nodes and the id of one of them.</summary>
internal sealed record FixtureStore(string Path, Guid KnownId);

/// <summary>
/// Stores of 10, 10,000 and 100,000 nodes for the first-handle benchmarks, written once per benchmark run and
/// shared by its processes: <see cref="Program"/> points <see cref="RootVariable"/> at a fresh directory and
/// deletes it when every benchmark has run.
/// </summary>
internal static class FixtureStores
{
    public const string RootVariable = "ENGRAM_BENCHMARK_STORES";

    /// <summary>The chat every fixture message belongs to.</summary>
    public const string ChatId = "fixture";

    private const string CompleteMarker = ".complete";

    public static string Root =>
        Environment.GetEnvironmentVariable(RootVariable) is { Length: > 0 } root
            ? root
            : throw new InvalidOperationException($"{RootVariable} is not set; run the benchmarks through this project's Program.");

    /// <summary>The store with <paramref name="nodeCount"/> nodes, written now unless an earlier process finished writing it.</summary>
    public static FixtureStore Get(int nodeCount)
    {
        var path = Path.Combine(Root, $"store-{nodeCount.ToString(CultureInfo.InvariantCulture)}");
        var knownIdFile = path + ".known-id";
        if (!File.Exists(Path.Combine(path, CompleteMarker)))
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }

            File.WriteAllText(knownIdFile, Write(path, nodeCount).ToString());
            File.WriteAllText(Path.Combine(path, CompleteMarker), string.Empty);
        }

        return new FixtureStore(path, Guid.Parse(File.ReadAllText(knownIdFile)));
    }

    /// <summary>The text of fixture message <paramref name="index"/>, whose embedding is the node's vector.</summary>
    public static string MessageContent(int index) => $"fixture message {index} about topic {index % 97}";

    // Node files are written directly in EngramDB's layout (<store>/<first two characters of id>/<id>.json) with the
    // runtime's own codec: Database.Save would also flush each one to disk, which for 100,000 nodes takes minutes and
    // changes nothing about the store that results.
    private static Guid Write(string path, int nodeCount)
    {
        Guid? first = null;
        for (var i = 0; i < nodeCount; i++)
        {
            var node = MessageNodes.Create(ChatId, i % 2 == 0 ? "user" : "assistant", MessageContent(i));
            var id = node.Id.ToString();
            var folder = Path.Combine(path, id.Substring(0, 2));
            Directory.CreateDirectory(folder);
            File.WriteAllBytes(Path.Combine(folder, id + ".json"), node.ToUtf8Json());
            first ??= node.Id;
        }

        using var check = Database.FileBased(path);
        var stored = check.ListAll().Count;
        if (stored != nodeCount)
        {
            throw new InvalidDataException($"The fixture store '{path}' lists {stored} nodes instead of {nodeCount}.");
        }

        return first ?? throw new ArgumentOutOfRangeException(nameof(nodeCount), nodeCount, "A fixture store needs at least one node.");
    }
}
