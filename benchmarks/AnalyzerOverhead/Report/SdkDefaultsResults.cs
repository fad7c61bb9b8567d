using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Engram.Benchmarks.AnalyzerOverhead.Report;

/// <summary>One measured build of an SDK-defaults configuration.</summary>
/// <param name="Warnings">Warnings the compiler reported, by ID.</param>
internal sealed record TimedBuild(int Run, CompilerProcessTimes Times, IReadOnlyDictionary<string, int> Warnings);

/// <summary>One SDK-defaults configuration over all its runs.</summary>
/// <param name="EngramWarnings">ENG warnings of the first run: on the generated (correct) code each is a false positive.</param>
internal sealed record TimedConfigurationResult(
    string Name,
    string Description,
    Spread CscCpuSeconds,
    Spread CscWallSeconds,
    Spread BuildWallSeconds,
    int Warnings,
    IReadOnlyDictionary<string, int> EngramWarnings,
    IReadOnlyList<TimedBuild> Runs);

/// <summary>What adding Engram.Analyzers changed in one measure: with minus without, round by round.</summary>
/// <param name="Seconds">Median and range of the per-round differences.</param>
/// <param name="MedianInterval">The 95% confidence interval of the median difference; null with fewer than 6 rounds.</param>
/// <param name="ShareOfBuildWithout">The median difference over the median of the build without our analyzers.</param>
internal sealed record AddedCost(string Measure, Spread Seconds, MedianInterval? MedianInterval, double ShareOfBuildWithout, IReadOnlyList<double> PerRound);

internal sealed record SdkDefaultsScaleResult(
    int Scale,
    int Files,
    int Lines,
    int Runs,
    Spread LoadBefore,
    TimedConfigurationResult Without,
    TimedConfigurationResult With,
    IReadOnlyList<AddedCost> Added);

/// <summary>run.sh --sdk-defaults: a plain SDK project's build without and with Engram.Analyzers.</summary>
internal sealed record SdkDefaultsResults(
    MachineDescription Machine,
    string Command,
    string Sdk,
    string Commit,
    string LoadBefore,
    string Method,
    IReadOnlyList<SdkDefaultsScaleResult> Scales)
{
    public const string MethodDescription =
        "Each run is a full rebuild (`dotnet build --no-incremental`) of a plain SDK project: the SDK's .NET analyzers with "
        + "`EnableNETAnalyzers` and `AnalysisLevel` at their defaults and the targeting pack's source generators, no "
        + "`ReportAnalyzer`; the second configuration adds Engram.Analyzers and nothing else. csc runs in a fresh process for "
        + "every build (`UseSharedCompilation=false`) under `csc-timed.sh`, which records the process's CPU time (user plus "
        + "system, all threads) and wall time; run.sh times the whole `dotnet build`. The two configurations take turns within "
        + "each round (without, with, without, with, ...) after one unmeasured warm-up build each, and a round's difference is "
        + "its with-build minus its without-build. CPU time counts the work our analyzers add, whatever else the machine runs; "
        + "wall time is what a developer waits, and on a 2-core machine it also carries the contention between the compiler's "
        + "threads and any other load.";

    /// <summary>Reads the SDK-defaults runs under <paramref name="resultsDirectory"/>.</summary>
    /// <exception cref="InvalidDataException">A configuration is missing or its runs do not pair up; the message names the directory.</exception>
    public static SdkDefaultsResults Read(string resultsDirectory, string command, string sdk, string commit, string loadBefore) =>
        new(
            MachineDescription.Current(),
            command,
            sdk,
            commit,
            loadBefore,
            MethodDescription,
            ResultsDirectory.Scales(resultsDirectory).Select(entry => ReadScale(entry.Path, entry.Scale)).ToList());

    private static SdkDefaultsScaleResult ReadScale(string directory, int scale)
    {
        var manifest = ResultsDirectory.ReadManifest(directory);
        var without = ReadConfiguration(directory, SingleConfiguration(manifest, directory, withEngram: false));
        var with = ReadConfiguration(directory, SingleConfiguration(manifest, directory, withEngram: true));
        var rounds = without.Runs.Select(run => run.Run).ToList();
        if (!rounds.SequenceEqual(with.Runs.Select(run => run.Run)))
        {
            throw new InvalidDataException(
                $"The runs under '{directory}' do not pair up: {without.Name} has runs {string.Join(" ", rounds)}, {with.Name} {string.Join(" ", with.Runs.Select(run => run.Run))}.");
        }

        var added = new[]
        {
            Added("csc CPU time", without, with, times => times.CscCpuSeconds),
            Added("csc wall time", without, with, times => times.CscWallSeconds),
            Added("whole dotnet build wall time", without, with, times => times.BuildWallSeconds),
        };
        var loads = without.Runs.Concat(with.Runs).Select(run => run.Times.LoadBefore);
        return new SdkDefaultsScaleResult(scale, manifest.Files, manifest.Lines, rounds.Count, Spread.Of(loads), without, with, added);
    }

    private static GeneratedConfiguration SingleConfiguration(GenerationManifest manifest, string directory, bool withEngram)
    {
        var matching = manifest.Configurations.Where(configuration => configuration.SdkDefaults && configuration.WithEngram == withEngram).ToList();
        return matching.Count == 1
            ? matching[0]
            : throw new InvalidDataException(
                $"'{directory}/generation.json' lists {matching.Count} SDK-defaults configurations {(withEngram ? "with" : "without")} Engram.Analyzers; the report needs exactly one.");
    }

    private static TimedConfigurationResult ReadConfiguration(string directory, GeneratedConfiguration configuration)
    {
        var configurationDirectory = Path.Combine(directory, configuration.Name);
        var runs = ResultsDirectory.Runs(configurationDirectory)
            .Select(run => new TimedBuild(
                run.Run,
                CompilerProcessTimes.Read(Path.Combine(configurationDirectory, $"run-{run.Run}.times")),
                CompilationRun.Read(run.BinlogPath).Diagnostics))
            .ToList();
        var warnings = runs[0].Warnings;
        return new TimedConfigurationResult(
            configuration.Name,
            configuration.Description,
            Spread.Of(runs.Select(run => run.Times.CscCpuSeconds)),
            Spread.Of(runs.Select(run => run.Times.CscWallSeconds)),
            Spread.Of(runs.Select(run => run.Times.BuildWallSeconds)),
            warnings.Values.Sum(),
            warnings.Where(pair => pair.Key.StartsWith("ENG", StringComparison.Ordinal)).ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal),
            runs);
    }

    private static AddedCost Added(string measure, TimedConfigurationResult without, TimedConfigurationResult with, Func<CompilerProcessTimes, double> seconds)
    {
        var perRound = without.Runs.Zip(with.Runs, (before, after) => seconds(after.Times) - seconds(before.Times)).ToList();
        var spread = Spread.Of(perRound);
        return new AddedCost(
            measure,
            spread,
            Statistics.MedianConfidenceInterval(perRound, 0.95),
            spread.Median / Statistics.Median(without.Runs.Select(run => seconds(run.Times))),
            perRound);
    }
}
