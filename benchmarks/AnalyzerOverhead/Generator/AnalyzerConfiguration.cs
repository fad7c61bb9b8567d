using System.Collections.Generic;

namespace Engram.Benchmarks.AnalyzerOverhead.Generator;

/// <summary>One way of building the generated code: which analyzers run beside the compiler.</summary>
/// <param name="Name">Directory and project name of the configuration.</param>
/// <param name="Description">What is measured, for the report.</param>
/// <param name="WithEngram">Whether our analyzers, built from this repository, are in the build (referenced as DLLs).</param>
/// <param name="PackageId">The analyzer package referenced from NuGet; null when the configuration takes none.</param>
/// <param name="PackageVersion">Version of <paramref name="PackageId"/>.</param>
/// <param name="SdkDefaults">
/// Whether the build keeps what a plain SDK project runs: the .NET analyzers at the default analysis level and the
/// targeting pack's source generators. Otherwise they are removed, so the configuration runs nothing but its own analyzers.
/// </param>
internal sealed record AnalyzerConfiguration(
    string Name,
    string Description,
    bool WithEngram = false,
    string? PackageId = null,
    string? PackageVersion = null,
    bool SdkDefaults = false);

internal static class AnalyzerConfigurations
{
    /// <summary>Each analyzer package alone beside the bare compiler: what each one costs by itself.</summary>
    public static IReadOnlyList<AnalyzerConfiguration> Isolated { get; } = new[]
    {
        new AnalyzerConfiguration("compiler-only", "csc with no analyzers and no source generators"),
        new AnalyzerConfiguration("engram", "Engram.Analyzers, built from this repository", WithEngram: true),
        new AnalyzerConfiguration("vs-threading", "Microsoft.VisualStudio.Threading.Analyzers 18.12.1", PackageId: "Microsoft.VisualStudio.Threading.Analyzers", PackageVersion: "18.12.1"),
        new AnalyzerConfiguration("meziantou", "Meziantou.Analyzer 3.0.321", PackageId: "Meziantou.Analyzer", PackageVersion: "3.0.321"),
    };

    /// <summary>A plain SDK project's build, without and with our analyzers: what adding the package costs a real project.</summary>
    public static IReadOnlyList<AnalyzerConfiguration> WithSdkDefaults { get; } = new[]
    {
        new AnalyzerConfiguration("sdk-defaults", "the SDK's default analyzers and source generators", SdkDefaults: true),
        new AnalyzerConfiguration("sdk-defaults-engram", "the SDK's defaults and Engram.Analyzers", WithEngram: true, SdkDefaults: true),
    };
}
