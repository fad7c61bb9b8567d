using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace Engram.Benchmarks.AnalyzerOverhead.Generator;

/// <summary>Command line of the generator.</summary>
internal sealed class GeneratorOptions
{
    public const string Usage =
        "usage: AnalyzerOverhead.Generator --out DIR --engram-analyzers DIR --engram-runtime FILE [--files N] [--scale K] [--sdk-defaults]\n"
        + "                                  [--baseline-analyzers DIR [--baseline-name TEXT]] [--configurations NAME,NAME,...]\n"
        + "  --out               directory to (re)create the code base in\n"
        + "  --engram-analyzers  directory holding Engram.Analyzers.dll and Engram.Analyzers.CodeFixes.dll (the package's analyzers/dotnet/cs)\n"
        + "  --engram-runtime    Engram.Runtime.dll (net8.0) that the generated code references\n"
        + "  --files             source files at scale 1 (default 1000, about 150 lines each)\n"
        + "  --scale             multiplies --files (default 1)\n"
        + "  --sdk-defaults      write the SDK-defaults configurations (a plain SDK build without and with our analyzers)\n"
        + "                      instead of the isolated ones (the compiler alone and each analyzer package alone)\n"
        + "  --baseline-analyzers\n"
        + "                      like --engram-analyzers, of another commit: adds configuration engram-baseline, right after\n"
        + "                      engram, which builds the same code with those analyzers (an A/B of our own analyzers)\n"
        + "  --baseline-name     names the baseline in the report, e.g. its short commit (default: the baseline commit)\n"
        + "  --configurations    only these isolated configurations, comma separated (compiler-only is required)";

    public required string OutputDirectory { get; init; }

    public required string EngramAnalyzersDirectory { get; init; }

    public required string EngramRuntimeAssembly { get; init; }

    /// <summary>Where the analyzers of configuration engram-baseline come from; null when there is none.</summary>
    public string? BaselineAnalyzersDirectory { get; init; }

    public int FileCount { get; init; } = 1000;

    public int Scale { get; init; } = 1;

    public int TotalFiles => FileCount * Scale;

    public IReadOnlyList<AnalyzerConfiguration> Configurations { get; init; } = AnalyzerConfigurations.Isolated;

    /// <exception cref="ArgumentException">An option is unknown, lacks its value or has a bad value; the message says which.</exception>
    public static GeneratorOptions Parse(string[] args)
    {
        string? output = null, analyzers = null, runtime = null, baselineAnalyzers = null, baselineName = null, only = null;
        int files = 1000, scale = 1;
        var sdkDefaults = false;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name == "--sdk-defaults")
            {
                sdkDefaults = true;
                continue;
            }

            var value = i + 1 < args.Length ? args[++i] : throw new ArgumentException($"Option '{name}' needs a value.");
            switch (name)
            {
                case "--out": output = value; break;
                case "--engram-analyzers": analyzers = value; break;
                case "--engram-runtime": runtime = value; break;
                case "--baseline-analyzers": baselineAnalyzers = value; break;
                case "--baseline-name": baselineName = value; break;
                case "--configurations": only = value; break;
                case "--files": files = PositiveInteger(name, value); break;
                case "--scale": scale = PositiveInteger(name, value); break;
                default: throw new ArgumentException($"Unknown option '{name}'.");
            }
        }

        if (sdkDefaults && (baselineAnalyzers is not null || only is not null))
        {
            throw new ArgumentException("--baseline-analyzers and --configurations choose among the isolated configurations; --sdk-defaults writes its own two.");
        }

        if (baselineName is not null && baselineAnalyzers is null)
        {
            throw new ArgumentException("--baseline-name names the baseline of --baseline-analyzers, which is missing.");
        }

        var configurations = sdkDefaults
            ? AnalyzerConfigurations.WithSdkDefaults
            : AnalyzerConfigurations.IsolatedWith(baselineAnalyzers is null ? null : AnalyzerConfigurations.BaselineOf(baselineName));
        return new GeneratorOptions
        {
            OutputDirectory = Path.GetFullPath(output ?? throw new ArgumentException("--out is required.")),
            EngramAnalyzersDirectory = ExistingDirectory("--engram-analyzers", analyzers),
            EngramRuntimeAssembly = ExistingFile("--engram-runtime", runtime),
            BaselineAnalyzersDirectory = baselineAnalyzers is null ? null : ExistingDirectory("--baseline-analyzers", baselineAnalyzers),
            FileCount = files,
            Scale = scale,
            Configurations = only is null ? configurations : Chosen(configurations, only),
        };
    }

    /// <summary>The configurations that <paramref name="names"/> lists, in the order of <paramref name="known"/>.</summary>
    private static List<AnalyzerConfiguration> Chosen(IReadOnlyList<AnalyzerConfiguration> known, string names)
    {
        var chosen = names.Split(new[] { ',', ' ' }, StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        var knownNames = known.Select(configuration => configuration.Name).ToList();
        if (chosen.FirstOrDefault(name => !knownNames.Contains(name)) is { } unknown)
        {
            throw new ArgumentException(unknown == ConfigurationNames.Baseline
                ? $"Configuration '{unknown}' needs --baseline-analyzers."
                : $"Unknown configuration '{unknown}' in --configurations; the known ones are {string.Join(", ", knownNames)}"
                  + (knownNames.Contains(ConfigurationNames.Baseline) ? "." : $", and {ConfigurationNames.Baseline} with --baseline-analyzers."));
        }

        return chosen.Contains(ConfigurationNames.CompilerOnly)
            ? known.Where(configuration => chosen.Contains(configuration.Name)).ToList()
            : throw new ArgumentException($"--configurations must include {ConfigurationNames.CompilerOnly}: the report measures every other configuration against the compiler alone.");
    }

    private static int PositiveInteger(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new ArgumentException($"Option '{name}' needs a positive whole number, not '{value}'.");

    private static string ExistingDirectory(string name, string? value)
    {
        var path = Path.GetFullPath(value ?? throw new ArgumentException($"{name} is required."));
        return Directory.Exists(path) ? path : throw new ArgumentException($"{name}: directory '{path}' does not exist.");
    }

    private static string ExistingFile(string name, string? value)
    {
        var path = Path.GetFullPath(value ?? throw new ArgumentException($"{name} is required."));
        return File.Exists(path) ? path : throw new ArgumentException($"{name}: file '{path}' does not exist.");
    }
}
