using System;
using EngramDb;

namespace Engram.Runtime.Tests.TestSupport;

public static class Ids
{
    /// <summary>A random id starting with <paramref name="prefix"/>: its node shares that node folder and lock stripe.</summary>
    public static Guid WithPrefix(string prefix) => Until(Guid.NewGuid, id => id, prefix);

    /// <summary>A new node whose id starts with <paramref name="prefix"/> (a node's id is random, so new ones are made until one does).</summary>
    public static MemoryNode NodeWithPrefix(string prefix, float[] embeddings) => Until(() => new MemoryNode(embeddings), node => node.Id, prefix);

    private static T Until<T>(Func<T> create, Func<T, Guid> idOf, string prefix)
    {
        while (true)
        {
            var created = create();
            if (idOf(created).ToString().StartsWith(prefix, StringComparison.Ordinal))
            {
                return created;
            }
        }
    }
}
