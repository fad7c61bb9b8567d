using System;
using System.Collections.Generic;
using System.Linq;
using EngramDb.Storage;
using Xunit;

namespace Engram.Runtime.Tests;

/// <summary>The order chat history returns: newest timestamp first, then newest creation time, then lowest id.</summary>
public sealed class ChatTimelineTests
{
    private static readonly List<MessageKey> Keys = MakeKeys();

    private static IEnumerable<Guid> NewestFirst(IEnumerable<MessageKey> keys) =>
        keys.OrderByDescending(k => k.AtTicks).ThenByDescending(k => k.CreationTimestamp).ThenBy(k => k.Id).Select(k => k.Id);

    [Fact]
    public void MessagesAddedOneByOne_InAnyOrder_AreReturnedNewestFirst_WithTiesBrokenByCreationTimeThenId()
    {
        var timeline = new ChatTimeline("c");
        foreach (var key in Keys)
        {
            timeline.Add(key);
        }

        Assert.Equal(NewestFirst(Keys), timeline.Newest(0, Keys.Count));
    }

    [Fact]
    public void MessagesAppendedUnordered_ThenSorted_AreInTheSameOrder_AndLaterAddsAndRemovesKeepIt()
    {
        var timeline = new ChatTimeline("c");
        foreach (var key in Keys.Skip(10))
        {
            timeline.Append(key);
        }

        timeline.Sort();
        foreach (var key in Keys.Take(10))
        {
            timeline.Add(key);
        }

        timeline.Remove(Keys[3]);
        timeline.Remove(Keys[50]);
        timeline.Remove(new MessageKey(123, 4, Guid.NewGuid()));

        var expected = NewestFirst(Keys.Where((_, i) => i is not 3 and not 50)).ToList();
        Assert.Equal(expected, timeline.Newest(0, 1000));
        Assert.Equal(expected.Skip(7).Take(5), timeline.Newest(7, 5));
        Assert.Empty(timeline.Newest(expected.Count, 5));
        Assert.Equal(expected.Count, timeline.Count);
    }

    // Few distinct timestamps and creation times, so most keys tie on one or both.
    private static List<MessageKey> MakeKeys()
    {
        var random = new Random(7);
        return Enumerable.Range(0, 200)
            .Select(_ => new MessageKey(random.Next(5) * TimeSpan.TicksPerSecond, (ulong)random.Next(3), Guid.NewGuid()))
            .ToList();
    }
}
