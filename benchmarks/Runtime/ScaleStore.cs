using System;
using System.Linq;
using EngramDb.Embedding;

namespace Engram.Runtime.Benchmarks;

/// <summary>The store the scale benchmarks share: 100,000 message nodes of 256 floats, in one chat, and a query.</summary>
internal static class ScaleStore
{
    public const int Nodes = 100_000;
    public const int Dimensions = HashingTextEmbedder.DefaultDimensions;
    public const string ChatId = FixtureStores.ChatId;
    public const int Limit = 10;

    public static FixtureStore Get() => FixtureStores.Get(Nodes);

    public static float[] Query { get; } = HashingTextEmbedder.Default.Embed("fixture message about topic 42");

    /// <summary>Every vector of the store in one array, row after row, as the floor benchmark scans it.</summary>
    public static float[] RawVectors()
    {
        var rows = Enumerable.Range(0, Nodes).Select(FixtureStores.MessageContent).Select(HashingTextEmbedder.Default.Embed).ToList();
        var values = new float[Nodes * Dimensions];
        for (var row = 0; row < rows.Count; row++)
        {
            rows[row].CopyTo(values, row * Dimensions);
        }

        return values;
    }
}
