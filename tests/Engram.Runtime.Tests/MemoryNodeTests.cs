using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;
using EngramDb;
using Xunit;

namespace Engram.Runtime.Tests;

public sealed class MemoryNodeTests
{
    [Fact]
    public void NewNode_HasARandomId_TheCurrentTime_AndEngramDbDefaults()
    {
        var before = (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var node = new MemoryNode(new[] { 0.5f, 1f });

        Assert.NotEqual(Guid.Empty, node.Id);
        Assert.NotEqual(node.Id, new MemoryNode(new[] { 0.5f, 1f }).Id);
        Assert.InRange(node.CreationTimestamp, before, (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.Equal(new[] { 0.5f, 1f }, node.Embeddings);
        Assert.Empty(node.Connections);
        Assert.Empty(node.TemporalLayers);
        Assert.Empty(node.AttributeKeys);
        Assert.Equal(0UL, node.AccessPatterns.AccessCount);
        Assert.Null(node.AccessPatterns.LastAccessTimestamp);
        Assert.Empty(node.AccessPatterns.RecentAccesses);
        Assert.Equal(10UL, node.AccessPatterns.MaxRecentAccesses);
    }

    [Fact]
    public void Constructor_CopiesTheEmbeddings()
    {
        var embeddings = new[] { 1f, 2f };
        var node = new MemoryNode(embeddings);

        embeddings[0] = 99f;

        Assert.Equal(new[] { 1f, 2f }, node.Embeddings);
    }

    [Fact]
    public void Constructor_RejectsNullAndNonFiniteEmbeddings()
    {
        Assert.Throws<ArgumentNullException>("embeddings", () => new MemoryNode(null!));
        Assert.Throws<ArgumentException>("embeddings", () => new MemoryNode(new[] { 1f, float.NaN }));
        Assert.Throws<ArgumentException>("embeddings", () => new MemoryNode(new[] { float.PositiveInfinity }));
    }

    [Fact]
    public void Scalars_ComeBackAsStringLongDoubleAndBool()
    {
        var node = new MemoryNode(new[] { 1f });
        node.SetAttribute("s", "text");
        node.SetAttribute("i", 7);
        node.SetAttribute("l", -9_000_000_000L);
        node.SetAttribute("b", (byte)200);
        node.SetAttribute("f", 0.1f);
        node.SetAttribute("d", 2.5);
        node.SetAttribute("yes", true);

        Assert.Equal("text", node.GetAttribute("s"));
        Assert.Equal(7L, node.GetAttribute("i"));
        Assert.Equal(-9_000_000_000L, node.GetAttribute("l"));
        Assert.Equal(200L, node.GetAttribute("b"));
        Assert.Equal(0.1, node.GetAttribute("f"));
        Assert.Equal(2.5, node.GetAttribute("d"));
        Assert.Equal(true, node.GetAttribute("yes"));
        Assert.Null(node.GetAttribute("missing"));
    }

    [Fact]
    public void ListsAndMaps_ComeBackAsReadOnlyListsAndDictionaries_Nested()
    {
        var node = new MemoryNode(new[] { 1f });
        node.SetAttribute("tags", new object[] { "ui", 7, new List<string> { "nested" } });
        node.SetAttribute("meta", new Dictionary<string, object>
        {
            ["lang"] = "html",
            ["inner"] = new SortedDictionary<string, bool> { ["ok"] = true },
            ["sizes"] = new[] { 1.5, 2 },
        });
        node.SetAttribute("readOnlyMap", new ReadOnlyDictionary<string, object?>(new Dictionary<string, object?> { ["k"] = "v" }));

        var tags = Assert.IsAssignableFrom<IReadOnlyList<object?>>(node.GetAttribute("tags"));
        Assert.Equal("ui", tags[0]);
        Assert.Equal(7L, tags[1]);
        Assert.Equal(new object[] { "nested" }, Assert.IsAssignableFrom<IReadOnlyList<object?>>(tags[2]));

        var meta = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(node.GetAttribute("meta"));
        Assert.Equal("html", meta["lang"]);
        Assert.Equal(true, Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(meta["inner"])["ok"]);
        Assert.Equal(new object[] { 1.5, 2.0 }, Assert.IsAssignableFrom<IReadOnlyList<object?>>(meta["sizes"]));
        Assert.Equal("v", Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(node.GetAttribute("readOnlyMap"))["k"]);
    }

    [Fact]
    public void AnySequenceOfStringKeyedPairs_IsAMap()
    {
        var node = new MemoryNode(new[] { 1f });
        IReadOnlyDictionary<string, int> counts = new Dictionary<string, int> { ["a"] = 1, ["b"] = 2 };

        node.SetAttribute("counts", counts.Where(pair => pair.Value > 0));

        var map = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(node.GetAttribute("counts"));
        Assert.Equal(new Dictionary<string, object?> { ["a"] = 1L, ["b"] = 2L }, map);
    }

    [Fact]
    public void SetAttribute_ReplacesAValue_AndRemoveAttributeRemovesIt()
    {
        var node = new MemoryNode(new[] { 1f });
        node.SetAttribute("a", 1);
        node.SetAttribute("b", 2);

        node.SetAttribute("a", "one");

        Assert.Equal(new[] { "a", "b" }, node.AttributeKeys);
        Assert.Equal("one", node.GetAttribute("a"));
        Assert.True(node.RemoveAttribute("a"));
        Assert.False(node.RemoveAttribute("a"));
        Assert.Equal(new[] { "b" }, node.AttributeKeys);
    }

    public static TheoryData<string, object> UnsupportedValues() => new()
    {
        { "when", DateTime.UtcNow },
        { "price", 1.5m },
        { "letter", 'x' },
        { "huge", ulong.MaxValue },
        { "nan", double.NaN },
        { "infinite", float.PositiveInfinity },
        { "nestedBad", new object[] { "ok", new object() } },
        { "nestedNull", new object?[] { "ok", null }! },
        { "intKeys", new Dictionary<int, string> { [1] = "one" } },
        { "mapWithBadValue", new Dictionary<string, object> { ["k"] = Guid.NewGuid() } },
        { "loneSurrogate", "a\uD800b" },
    };

    [Theory, MemberData(nameof(UnsupportedValues))]
    public void SetAttribute_OfAnUnsupportedValue_ThrowsArgumentException_NamingTheKey(string key, object value)
    {
        var node = new MemoryNode(new[] { 1f });

        var error = Assert.Throws<ArgumentException>("value", () => node.SetAttribute(key, value));

        Assert.Contains($"'{key}'", error.Message);
        Assert.Null(node.GetAttribute(key));
    }

    [Fact]
    public void SetAttribute_OfAListThatContainsItself_ThrowsInsteadOfOverflowingTheStack()
    {
        var node = new MemoryNode(new[] { 1f });
        var list = new List<object>();
        list.Add(list);

        var error = Assert.Throws<ArgumentException>("value", () => node.SetAttribute("loop", list));

        Assert.Contains("'loop'", error.Message);
    }

    [Fact]
    public void SetAttribute_OfANullOrUnstorableKeyOrValue_Throws()
    {
        var node = new MemoryNode(new[] { 1f });

        Assert.Throws<ArgumentNullException>("key", () => node.SetAttribute(null!, "v"));
        Assert.Contains("'k'", Assert.Throws<ArgumentException>("value", () => node.SetAttribute("k", null!)).Message);
        Assert.Throws<ArgumentNullException>("key", () => node.GetAttribute(null!));
        Assert.Throws<ArgumentException>("key", () => node.SetAttribute("lone\uDC00", "v"));
    }

    [Fact]
    public void ReturnedCollections_CannotChangeTheNode()
    {
        var node = new MemoryNode(new[] { 1f });
        node.SetAttribute("tags", new[] { "a" });

        var tags = (IReadOnlyList<object?>)node.GetAttribute("tags")!;

        Assert.Throws<NotSupportedException>(() => ((IList<object?>)tags)[0] = "b");
        Assert.Throws<NotSupportedException>(() => ((IList<float>)node.Embeddings)[0] = 5f);
        Assert.Equal(new object[] { "a" }, (IReadOnlyList<object?>)node.GetAttribute("tags")!);
    }
}
