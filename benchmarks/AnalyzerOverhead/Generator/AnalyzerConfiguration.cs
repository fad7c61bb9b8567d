using System.Collections.Generic;

namespace Engram.Benchmarks.AnalyzerOverhead.Generator;

/// <summary>One way of building the generated code: the compiler alone, or the compiler with one analyzer package.</summary>
/// <param name="Name">Directory and project name of the configuration.</param>
/// <param name="Description">What is measured, for the report.</param>
/// <param name="PackageId">The analyzer package referenced from NuGet; null for the compiler alone and for our analyzers (referenced as built DLLs).</param>
/// <param name="PackageVersion">Version of <paramref name="PackageId"/>.</param>
internal sealed record AnalyzerConfiguration(string Name, string Description, string? PackageId = null, string? PackageVersion = null);

internal static class AnalyzerConfigurations
{
    public static AnalyzerConfiguration CompilerOnly { get; } = new("compiler-only", "csc with no analyzers and no source generators");

    public static AnalyzerConfiguration Engram { get; } = new("engram", "Engram.Analyzers, built from this repository");

    public static IReadOnlyList<AnalyzerConfiguration> All { get; } = new[]
    {
        CompilerOnly,
        Engram,
        new AnalyzerConfiguration("vs-threading", "Microsoft.VisualStudio.Threading.Analyzers 18.12.1", "Microsoft.VisualStudio.Threading.Analyzers", "18.12.1"),
        new AnalyzerConfiguration("meziantou", "Meziantou.Analyzer 3.0.321", "Meziantou.Analyzer", "3.0.321"),
    };
}
