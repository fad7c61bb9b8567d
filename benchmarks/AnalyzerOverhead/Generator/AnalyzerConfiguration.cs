using System.Collections.Generic;

namespace Engram.Benchmarks.AnalyzerOverhead.Generator;

/// <summary>One way of building the generated code: which analyzers run beside the compiler.</summary>
/// <param name="Name">Directory and project name of the configuration.</param>
/// <param name="Description">What is measured, for the report.</param>
/// <param name="EngramAnalyzersFolder">
/// The folder of the generated code that holds the build of our analyzers this configuration references as DLLs
/// (<see cref="ProjectScaffold.EngramAnalyzersFolder"/> or <see cref="ProjectScaffold.BaselineAnalyzersFolder"/>); null
/// when our analyzers are not in the build.
/// </param>
/// <param name="PackageId">The analyzer package referenced from NuGet; null when the configuration takes none.</param>
/// <param name="PackageVersion">Version of <paramref name="PackageId"/>.</param>
/// <param name="SdkDefaults">
/// Whether the build keeps what a plain SDK project runs: the .NET analyzers at the default analysis level and the
/// targeting pack's source generators. Otherwise they are removed, so the configuration runs nothing but its own analyzers.
/// </param>
internal sealed record AnalyzerConfiguration(
    string Name,
    string Description,
    string? EngramAnalyzersFolder = null,
    string? PackageId = null,
    string? PackageVersion = null,
    bool SdkDefaults = false)
{
    /// <summary>Whether a build of our analyzers is in the build.</summary>
    public bool WithEngram => EngramAnalyzersFolder is not null;
}

internal static class AnalyzerConfigurations
{
    /// <summary>Each analyzer package alone beside the bare compiler: what each one costs by itself.</summary>
    public static IReadOnlyList<AnalyzerConfiguration> Isolated { get; } = new[]
    {
        new AnalyzerConfiguration(ConfigurationNames.CompilerOnly, "csc with no analyzers and no source generators"),
        new AnalyzerConfiguration(ConfigurationNames.Engram, "Engram.Analyzers, built from this repository", EngramAnalyzersFolder: ProjectScaffold.EngramAnalyzersFolder),
        new AnalyzerConfiguration(ConfigurationNames.VsThreading, "Microsoft.VisualStudio.Threading.Analyzers 18.12.1", PackageId: "Microsoft.VisualStudio.Threading.Analyzers", PackageVersion: "18.12.1"),
        new AnalyzerConfiguration(ConfigurationNames.Meziantou, "Meziantou.Analyzer 3.0.321", PackageId: "Meziantou.Analyzer", PackageVersion: "3.0.321"),
    };

    /// <summary>A plain SDK project's build, without and with our analyzers: what adding the package costs a real project.</summary>
    public static IReadOnlyList<AnalyzerConfiguration> WithSdkDefaults { get; } = new[]
    {
        new AnalyzerConfiguration("sdk-defaults", "the SDK's default analyzers and source generators", SdkDefaults: true),
        new AnalyzerConfiguration("sdk-defaults-engram", "the SDK's defaults and Engram.Analyzers", EngramAnalyzersFolder: ProjectScaffold.EngramAnalyzersFolder, SdkDefaults: true),
    };

    /// <summary>
    /// Our analyzers as another commit built them, isolated like <see cref="ConfigurationNames.Engram"/>: an A/B of our own analyzers on the
    /// same code in the same rounds.
    /// </summary>
    /// <param name="baselineName">What names the baseline in the report (its short commit); null for "the baseline commit".</param>
    public static AnalyzerConfiguration BaselineOf(string? baselineName) => new(
        ConfigurationNames.Baseline,
        baselineName is null ? "Engram.Analyzers at the baseline commit" : $"Engram.Analyzers at {baselineName} (baseline)",
        EngramAnalyzersFolder: ProjectScaffold.BaselineAnalyzersFolder);

    /// <summary>The isolated configurations, with <paramref name="baseline"/> right after <see cref="ConfigurationNames.Engram"/> when there is one.</summary>
    public static IReadOnlyList<AnalyzerConfiguration> IsolatedWith(AnalyzerConfiguration? baseline)
    {
        var configurations = new List<AnalyzerConfiguration>(Isolated);
        if (baseline is not null)
        {
            configurations.Insert(configurations.FindIndex(configuration => configuration.Name == ConfigurationNames.Engram) + 1, baseline);
        }

        return configurations;
    }
}
