using System.Runtime.CompilerServices;
using Engram.Analyzers.Affinity;
using Microsoft.CodeAnalysis;

namespace Engram.Analyzers.Captures;

/// <summary>
/// The sinks and the capture search of one compilation, shared by every rule that asks what runs on another thread
/// (ENG001 reports those captures; ENG002 leaves them to it), so each method is summarized once per compilation.
/// </summary>
internal sealed class CaptureAnalysis
{
    private static readonly ConditionalWeakTable<ThreadAffinityContext, CaptureAnalysis> s_byContext = new();

    private CaptureAnalysis(ThreadAffinityContext affinity, Compilation compilation)
    {
        var bodies = new MethodBodies(compilation);
        Sinks = new OtherThreadSinks(affinity.Types, bodies);
        Captures = new AffineCaptureFinder(affinity, Sinks, bodies);
    }

    public OtherThreadSinks Sinks { get; }

    public AffineCaptureFinder Captures { get; }

    /// <summary>The one instance for <paramref name="affinity"/>'s compilation.</summary>
    public static CaptureAnalysis For(ThreadAffinityContext affinity, Compilation compilation) =>
        s_byContext.GetValue(affinity, context => new CaptureAnalysis(context, compilation));
}
