using System.Runtime.CompilerServices;

namespace Engram.Analyzers;

/// <summary>JIT setting for the methods that run for every operation, member body or symbol of a build.</summary>
/// <remarks>
/// The compiler is a short-lived process that keeps JIT-compiling itself, so tiered compilation never promotes an
/// analyzer's methods past their first, unoptimized tier. Marked methods are compiled fully optimized at their first
/// call instead (docs/performance.md has the measured effect). The value is <c>MethodImplOptions.AggressiveOptimization</c>, which
/// netstandard2.0 does not name; runtimes that do not know it ignore it.
/// </remarks>
internal static class HotPath
{
    public const MethodImplOptions Optimized = (MethodImplOptions)512;
}
