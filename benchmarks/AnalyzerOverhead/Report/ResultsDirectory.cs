using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Engram.Benchmarks.AnalyzerOverhead.Report;

/// <summary>A configuration as the generator's <c>generation.json</c> lists it.</summary>
internal sealed record GeneratedConfiguration(string Name, string Description, bool SdkDefaults, bool WithEngram);

/// <summary>One size's <c>generation.json</c>: the code that was compiled and the configurations built around it.</summary>
internal sealed record GenerationManifest(int Files, int Lines, IReadOnlyList<GeneratedConfiguration> Configurations);

/// <summary>
/// The layout run.sh writes: <c>x&lt;scale&gt;/generation.json</c> and <c>x&lt;scale&gt;/&lt;configuration&gt;/run-&lt;n&gt;.*</c>.
/// </summary>
internal static class ResultsDirectory
{
    private static readonly Regex s_scaleName = new(@"^x(\d+)$", RegexOptions.CultureInvariant);
    private static readonly Regex s_runName = new(@"^run-(\d+)\.binlog$", RegexOptions.CultureInvariant);

    /// <summary>The size directories, smallest first.</summary>
    /// <exception cref="InvalidDataException">There is none.</exception>
    public static IReadOnlyList<(string Path, int Scale)> Scales(string resultsDirectory)
    {
        var scales = Directory.EnumerateDirectories(resultsDirectory)
            .Select(path => (Path: path, Match: s_scaleName.Match(System.IO.Path.GetFileName(path))))
            .Where(entry => entry.Match.Success)
            .Select(entry => (entry.Path, Scale: int.Parse(entry.Match.Groups[1].Value, CultureInfo.InvariantCulture)))
            .OrderBy(entry => entry.Scale)
            .ToList();
        return scales.Count > 0
            ? scales
            : throw new InvalidDataException($"'{resultsDirectory}' has no x<scale> directories of measured builds.");
    }

    public static GenerationManifest ReadManifest(string scaleDirectory)
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(scaleDirectory, "generation.json")));
        var root = manifest.RootElement;
        var configurations = root.GetProperty("configurations").EnumerateArray()
            .Select(element => new GeneratedConfiguration(
                element.GetProperty("name").GetString()!,
                element.GetProperty("description").GetString()!,
                Flag(element, "sdkDefaults"),
                Flag(element, "withEngram")))
            .ToList();
        return new GenerationManifest(root.GetProperty("files").GetInt32(), root.GetProperty("lines").GetInt32(), configurations);
    }

    // Manifests written before a flag existed lack it, which means false.
    private static bool Flag(JsonElement configuration, string name) =>
        configuration.TryGetProperty(name, out var value) && value.GetBoolean();

    /// <summary>The numbers and binary logs of a configuration's measured runs, in run order.</summary>
    /// <exception cref="InvalidDataException">The configuration has no run.</exception>
    public static IReadOnlyList<(int Run, string BinlogPath)> Runs(string configurationDirectory)
    {
        var runs = (Directory.Exists(configurationDirectory) ? Directory.GetFiles(configurationDirectory, "run-*.binlog") : Array.Empty<string>())
            .Select(path => (Path: path, Match: s_runName.Match(Path.GetFileName(path))))
            .Where(entry => entry.Match.Success)
            .Select(entry => (Run: int.Parse(entry.Match.Groups[1].Value, CultureInfo.InvariantCulture), BinlogPath: entry.Path))
            .OrderBy(entry => entry.Run)
            .ToList();
        return runs.Count > 0 ? runs : throw new InvalidDataException($"No run-*.binlog in '{configurationDirectory}'.");
    }

    /// <summary>Whether the results are of the SDK-defaults configurations (run.sh --sdk-defaults).</summary>
    public static bool HoldsSdkDefaults(string resultsDirectory) =>
        Scales(resultsDirectory).Any(scale => ReadManifest(scale.Path).Configurations.Any(configuration => configuration.SdkDefaults));
}
