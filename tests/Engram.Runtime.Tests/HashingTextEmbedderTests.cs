using System;
using System.Linq;
using EngramDb.Embedding;
using Xunit;

namespace Engram.Runtime.Tests;

public sealed class HashingTextEmbedderTests
{
    private static float Cosine(float[] a, float[] b) => a.Zip(b, (x, y) => x * y).Sum();

    [Fact]
    public void SameText_GivesTheSameUnitVector()
    {
        var a = HashingTextEmbedder.Default.Embed("Hello, World");
        var b = new HashingTextEmbedder(HashingTextEmbedder.DefaultDimensions).Embed("hello world");

        Assert.Equal(a, b);
        Assert.Equal(HashingTextEmbedder.DefaultDimensions, a.Length);
        Assert.Equal(1f, MathF.Sqrt(a.Sum(x => x * x)), precision: 5);
    }

    [Fact]
    public void IsStableAcrossProcesses()
    {
        // Pinned values, computed independently from the algorithm's definition: a change here changes every stored embedding, which breaks searches over existing stores.
        var vector = new HashingTextEmbedder(8).Embed("cat");

        Assert.Equal(new[] { -0.755929f, -0.377964f, 0f, 0f, 0f, 0f, 0.377964f, 0.377964f }, vector.Select(x => MathF.Round(x, 6)));
    }

    [Fact]
    public void RelatedTexts_AreCloserThanUnrelatedOnes()
    {
        var embedder = HashingTextEmbedder.Default;
        var query = embedder.Embed("build a landing page");

        Assert.True(Cosine(query, embedder.Embed("can you build me a landing page?")) > Cosine(query, embedder.Embed("quarterly revenue numbers")));
    }

    [Fact]
    public void TextWithoutWords_IsTheZeroVector()
    {
        Assert.All(HashingTextEmbedder.Default.Embed(" ,.; "), x => Assert.Equal(0f, x));
    }

    [Fact]
    public void BadArguments_AreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new HashingTextEmbedder(0));
        Assert.Throws<ArgumentNullException>(() => HashingTextEmbedder.Default.Embed(null!));
    }
}
