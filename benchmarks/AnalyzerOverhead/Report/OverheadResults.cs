using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Engram.Benchmarks.AnalyzerOverhead.Report;

internal sealed record AnalyzerTime(string Analyzer, double SecondsMedian);

/// <summary>One configuration at one size, over all its runs.</summary>
/// <param name="AnalyzerSecondsMedian">Median of the compiler's total analyzer execution time.</param>
/// <param name="ShareOfCompiler">Analyzer time over the compiler-alone csc time at the same size.</param>
/// <param name="CscDeltaSeconds">Median csc wall time minus the compiler-alone median: what the analyzers added to the build.</param>
internal sealed record ConfigurationResult(
    string Name,
    string Description,
    double CscSecondsMedian,
    IReadOnlyList<double> CscSeconds,
    double AnalyzerSecondsMedian,
    IReadOnlyList<double> AnalyzerSeconds,
    double ShareOfCompiler,
    double CscDeltaSeconds,
    IReadOnlyList<AnalyzerTime> Analyzers,
    IReadOnlyDictionary<string, int> Diagnostics);

internal sealed record ScaleResult(int Scale, int Files, int Lines, int Runs, double CompilerSecondsMedian, IReadOnlyList<ConfigurationResult> Configurations);

/// <summary>How a configuration's time grew from the smallest to the largest size.</summary>
/// <param name="AnalyzerTimeRatio">Null for the compiler alone, which runs no analyzer.</param>
internal sealed record ScalingResult(string Configuration, double CodeRatio, double? AnalyzerTimeRatio, double CscTimeRatio);

internal sealed record TargetCheck(string Target, string Measured, bool Met);

internal sealed record OverheadResults(
    MachineDescription Machine,
    string Command,
    string Sdk,
    string Commit,
    string LoadBefore,
    string Method,
    IReadOnlyList<ScaleResult> Scales,
    IReadOnlyList<ScalingResult> Scaling,
    IReadOnlyList<TargetCheck> Targets)
{
    public const string CompilerOnly = "compiler-only";
    public const string Ours = "engram";
    public const string VsThreading = "vs-threading";

    public const string MethodDescription =
        "Each run is a full rebuild (`dotnet build --no-incremental`) in a fresh csc process (`UseSharedCompilation=false`, no "
        + "compiler server), with `ReportAnalyzer=true` and a binary log. Analyzer time is the compiler's own report: execution "
        + "time summed over the threads that ran the analyzers, including their JIT, as a CI build pays it. The compiler's time "
        + "is the Csc task's wall time when no analyzer is loaded. The SDK's own analyzers and the targeting pack's source "
        + "generators are removed from every configuration, so each one adds exactly one analyzer package to the same compilation. "
        + "Configurations are built in turn within each round, after one unmeasured warm-up build each.";

    /// <summary>Reads <c>x&lt;scale&gt;/generation.json</c> and <c>x&lt;scale&gt;/&lt;configuration&gt;/run-*.binlog</c> under <paramref name="resultsDirectory"/>.</summary>
    public static OverheadResults Read(string resultsDirectory, string command, string sdk, string commit, string loadBefore)
    {
        var scales = ResultsDirectory.Scales(resultsDirectory).Select(entry => ReadScale(entry.Path, entry.Scale)).ToList();
        var scaling = ScalingBetween(scales[0], scales[^1]);
        return new OverheadResults(
            MachineDescription.Current(), command, sdk, commit, loadBefore, MethodDescription, scales, scaling, CheckTargets(scales, scaling));
    }

    private static ScaleResult ReadScale(string directory, int scale)
    {
        var manifest = ResultsDirectory.ReadManifest(directory);
        var runsByConfiguration = manifest.Configurations.ToDictionary(
            configuration => configuration.Name,
            configuration => ResultsDirectory.Runs(Path.Combine(directory, configuration.Name)).Select(run => CompilationRun.Read(run.BinlogPath)).ToList());
        var runCounts = runsByConfiguration.Values.Select(runs => runs.Count).Distinct().ToList();
        if (runCounts.Count != 1)
        {
            throw new InvalidDataException($"The configurations under '{directory}' have different numbers of runs: {string.Join(", ", runsByConfiguration.Select(pair => $"{pair.Key} {pair.Value.Count}"))}.");
        }

        var compilerSeconds = Statistics.Median(runsByConfiguration[CompilerOnly].Select(run => run.CscSeconds));
        var results = manifest.Configurations
            .Select(configuration => Summarize(configuration.Name, configuration.Description, runsByConfiguration[configuration.Name], compilerSeconds))
            .ToList();
        return new ScaleResult(scale, manifest.Files, manifest.Lines, runCounts[0], compilerSeconds, results);
    }

    private static ConfigurationResult Summarize(string name, string description, List<CompilationRun> runs, double compilerSeconds)
    {
        var cscSeconds = runs.Select(run => run.CscSeconds).ToList();
        var analyzerSeconds = runs.Select(run => run.Analyzers.TotalSeconds).ToList();
        var analyzerMedian = Statistics.Median(analyzerSeconds);
        var perAnalyzer = runs.SelectMany(run => run.Analyzers.Analyzers.Keys).Distinct(StringComparer.Ordinal)
            .Select(analyzer => new AnalyzerTime(analyzer, Statistics.Median(runs.Select(run => run.Analyzers.Analyzers.GetValueOrDefault(analyzer)))))
            .OrderByDescending(time => time.SecondsMedian)
            .ThenBy(time => time.Analyzer, StringComparer.Ordinal)
            .ToList();
        return new ConfigurationResult(
            name,
            description,
            Statistics.Median(cscSeconds),
            cscSeconds,
            analyzerMedian,
            analyzerSeconds,
            analyzerMedian / compilerSeconds,
            Statistics.Median(cscSeconds) - compilerSeconds,
            perAnalyzer,
            runs[0].Diagnostics);
    }

    private static List<ScalingResult> ScalingBetween(ScaleResult smallest, ScaleResult largest) =>
        smallest.Configurations
            .Select(small =>
            {
                var large = largest.Configurations.Single(configuration => configuration.Name == small.Name);
                return new ScalingResult(
                    small.Name,
                    (double)largest.Lines / smallest.Lines,
                    small.AnalyzerSecondsMedian > 0 ? large.AnalyzerSecondsMedian / small.AnalyzerSecondsMedian : null,
                    large.CscSecondsMedian / small.CscSecondsMedian);
            })
            .ToList();

    private static List<TargetCheck> CheckTargets(List<ScaleResult> scales, List<ScalingResult> scaling)
    {
        var checks = new List<TargetCheck>();
        var baseScale = scales[0];
        var ours = baseScale.Configurations.Single(configuration => configuration.Name == Ours);
        checks.Add(new TargetCheck(
            $"Engram.Analyzers at most 1% of the compiler's time (x{baseScale.Scale})",
            $"{ours.AnalyzerSecondsMedian:0.000} s of {baseScale.CompilerSecondsMedian:0.000} s = {ours.ShareOfCompiler:0.00%}",
            ours.ShareOfCompiler <= 0.01));
        foreach (var scale in scales)
        {
            var oursAtScale = scale.Configurations.Single(configuration => configuration.Name == Ours);
            var vsThreading = scale.Configurations.Single(configuration => configuration.Name == VsThreading);
            checks.Add(new TargetCheck(
                $"Engram.Analyzers below vs-threading's analyzers (x{scale.Scale})",
                $"{oursAtScale.AnalyzerSecondsMedian:0.000} s vs {vsThreading.AnalyzerSecondsMedian:0.000} s",
                oursAtScale.AnalyzerSecondsMedian < vsThreading.AnalyzerSecondsMedian));
        }

        if (scales.Count > 1)
        {
            var oursScaling = scaling.Single(result => result.Configuration == Ours);
            var limit = 1.1 * scales[^1].Scale / scales[0].Scale;
            checks.Add(new TargetCheck(
                $"x{scales[^1].Scale / scales[0].Scale} the code costs Engram.Analyzers at most x{limit:0.0} the time",
                $"x{oursScaling.AnalyzerTimeRatio:0.00} (code x{oursScaling.CodeRatio:0.00} in lines; csc alone x{scaling.Single(result => result.Configuration == CompilerOnly).CscTimeRatio:0.00})",
                oursScaling.AnalyzerTimeRatio <= limit));
        }

        foreach (var scale in scales)
        {
            var falsePositives = scale.Configurations.Single(configuration => configuration.Name == Ours).Diagnostics
                .Where(pair => pair.Key.StartsWith("ENG", StringComparison.Ordinal))
                .ToList();
            checks.Add(new TargetCheck(
                $"No ENG diagnostic on the generated (correct) code (x{scale.Scale})",
                falsePositives.Count == 0 ? "none" : string.Join(", ", falsePositives.Select(pair => $"{pair.Key} x{pair.Value}")),
                falsePositives.Count == 0));
        }

        return checks;
    }
}
