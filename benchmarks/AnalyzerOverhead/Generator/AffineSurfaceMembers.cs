using System;
using System.Collections.Generic;

namespace Engram.Benchmarks.AnalyzerOverhead.Generator;

/// <summary>
/// An application's own <c>[ThreadAffine]</c> type (a drawing surface guarded by <c>ThreadAffinity</c>) and members of
/// a class that uses it correctly: created and used on one thread, never captured by another or kept in a static.
/// </summary>
internal static class AffineSurfaceMembers
{
    public static IReadOnlyList<Func<FileContext, string>> Pool { get; } = new Func<FileContext, string>[]
    {
        RenderLater, RenderOnWorker, RenderEachInParallel, RenderWithFactory, ShowStatus, DrawOnThisThread,
    };

    /// <summary>Even files mark the type with the runtime's attribute, odd ones with the application's own copy (matched by name).</summary>
    public static string Attribute(FileContext c) => c.Index % 2 == 0 ? "ThreadAffine" : "Contoso.Ui.ThreadAffine";

    public static string SurfaceType(FileContext c)
    {
        var surface = Names.AffineSurface(c.Index);
        return $$"""
            [{{Attribute(c)}}]
            public sealed class {{surface}} : IDisposable
            {
                private readonly ThreadAffinity _affinity = new(typeof({{surface}}));
                private readonly List<string> _lines = new();

                public int LineCount
                {
                    get
                    {
                        _affinity.VerifyAccess();
                        return _lines.Count;
                    }
                }

                public void Draw(string text)
                {
                    _affinity.VerifyAccess();
                    _lines.Add(text);
                }

                public string Flush()
                {
                    _affinity.VerifyAccess();
                    var text = string.Join(Environment.NewLine, _lines);
                    _lines.Clear();
                    return text;
                }

                public void Dispose() => _lines.Clear();
            }
            """;
    }

    public static string Render(FileContext c) => $$"""
            public int Render(IEnumerable<string> items)
            {
                using var surface = new {{Names.AffineSurface(c.Index)}}();
                foreach (var item in items.Where(text => text.Length > 0).OrderBy(text => text, StringComparer.Ordinal))
                {
                    surface.Draw(item);
                }

                return surface.LineCount;
            }
        """;

    private static string RenderLater(FileContext c) => $$"""
            public async Task<string> RenderLaterAsync(IReadOnlyList<string> items, CancellationToken cancellationToken)
            {
                var prepared = await Task.Run(() => items.Select(item => item.Trim()).ToList(), cancellationToken).ConfigureAwait(false);
                using var surface = new {{Names.AffineSurface(c.Index)}}();
                foreach (var line in prepared)
                {
                    surface.Draw(line);
                }

                return surface.Flush();
            }
        """;

    private static string RenderOnWorker(FileContext c) => $$"""
            public Task<int> RenderOnWorkerAsync(IReadOnlyList<string> items) => Task.Run(() => Render(items));
        """;

    private static string RenderEachInParallel(FileContext c) => $$"""
            public static string[] RenderEachInParallel(IReadOnlyList<string> items)
            {
                var results = new string[items.Count];
                Parallel.For(0, items.Count, index =>
                {
                    using var surface = new {{Names.AffineSurface(c.Index)}}();
                    surface.Draw(items[index]);
                    results[index] = surface.Flush();
                });
                return results;
            }
        """;

    private static string RenderWithFactory(FileContext c) => $$"""
            private readonly Func<{{Names.AffineSurface(c.Index)}}> _createSurface = () => new {{Names.AffineSurface(c.Index)}}();

            public int RenderWithFactory(IEnumerable<string> items)
            {
                using var surface = _createSurface();
                foreach (var item in items)
                {
                    surface.Draw(item.ToUpperInvariant());
                }

                return surface.LineCount;
            }
        """;

    /// <summary>Keeps a surface in a field: the class holding it is thread-affine too.</summary>
    public static string ShowStatus(FileContext c) => $$"""
            private readonly {{Names.AffineSurface(c.Index)}} _statusSurface = new();

            public string ShowStatus(string status)
            {
                _statusSurface.Draw(status);
                return _statusSurface.Flush();
            }
        """;

    private static string DrawOnThisThread(FileContext c) => $$"""
            private static readonly ThreadLocal<{{Names.AffineSurface(c.Index)}}> s_threadSurface = new(() => new {{Names.AffineSurface(c.Index)}}());

            public static int DrawOnThisThread(string text)
            {
                var surface = s_threadSurface.Value!;
                surface.Draw(text);
                return surface.LineCount;
            }
        """;
}
