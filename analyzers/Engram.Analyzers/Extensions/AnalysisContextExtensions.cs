using System;
using Engram.Analyzers.Affinity;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Engram.Analyzers.Extensions;

internal static class AnalysisContextExtensions
{
    /// <summary>
    /// Calls <paramref name="registerActions"/> once per compilation with its <see cref="ThreadAffinityContext"/>, or not
    /// at all when the compilation cannot contain a thread-affine type, so such compilations pay for no rule.
    /// </summary>
    public static void RegisterThreadAffinityAnalysis(
        this AnalysisContext context,
        Action<CompilationStartAnalysisContext, ThreadAffinityContext> registerActions)
    {
        context.RegisterCompilationStartAction(start =>
        {
            if (ThreadAffinityContext.TryCreate(start.Compilation, start.Options, start.CancellationToken) is { } affinity)
            {
                registerActions(start, affinity);
            }
        });
    }
}
