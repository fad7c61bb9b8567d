using System;
using System.Collections.Generic;
using System.Linq;

namespace Engram.Benchmarks.AnalyzerOverhead.Generator;

/// <summary>The names one generated file uses and its own random source (seeded by the file index, so output is reproducible).</summary>
internal sealed class FileContext
{
    public FileContext(int index)
    {
        Index = index;
        Random = new Random(index * 7919 + 17);
    }

    public int Index { get; }

    public Random Random { get; }

    public string Namespace => Names.Namespace(Index);

    public string Record => Names.Record(Index);

    public string Service => Names.Service(Index);

    public string ServiceInterface => Names.ServiceInterface(Index);

    /// <summary>The interface of the previous plain service in the module, which this file's service calls; null when there is none.</summary>
    public string? UpstreamInterface =>
        Index % Names.FilesPerModule > 0 && FileKinds.Of(Index - 1) == FileKind.PlainService ? Names.ServiceInterface(Index - 1) : null;

    /// <summary>The record type of the upstream service's file.</summary>
    public string UpstreamRecord => Names.Record(Index - 1);

    /// <summary>A number that differs between files, to vary constants in the generated code.</summary>
    public int Salt => Index % 97 + 3;

    /// <summary>Picks <paramref name="count"/> of <paramref name="items"/> in their original order.</summary>
    public IEnumerable<T> Pick<T>(IReadOnlyList<T> items, int count) =>
        Enumerable.Range(0, items.Count).OrderBy(_ => Random.Next()).Take(count).Order().Select(i => items[i]);
}
