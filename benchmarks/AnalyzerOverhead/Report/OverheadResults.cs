using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

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

/// <param name="AgainstBaseline">Our analyzers against the baseline's (run.sh --baseline); null, and left out of the JSON, without one.</param>
internal sealed record ScaleResult(
    int Scale,
    int Files,
    int Lines,
    int Runs,
    double CompilerSecondsMedian,
    IReadOnlyList<ConfigurationResult> Configurations,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] BaselineComparison? AgainstBaseline = null);

/// <summary>The median time of the analyzer that reports some rules, in our build and in the baseline's.</summary>
/// <param name="Rules">The IDs the compiler prints after the analyzer's name ("ENG002", "ENG003, ENG007"); the name itself when it prints none.</param>
/// <param name="OursSecondsMedian">Null when none of our analyzers reports exactly these rules.</param>
/// <param name="BaselineSecondsMedian">Null when none of the baseline's does.</param>
internal sealed record RuleComparison(string Rules, double? OursSecondsMedian, double? BaselineSecondsMedian);

/// <summary>A ratio of our analyzer time to the baseline's, as a change (ratio minus 1).</summary>
/// <param name="PerRound">Run n of ours over run n of the baseline, built in the same round, in round order.</param>
/// <param name="Change">Median, lowest and highest of <paramref name="PerRound"/>.</param>
/// <param name="FromMedians">The same ratio of the medians in <see cref="BaselineComparison.Rules"/> and its totals.</param>
internal sealed record RatioChange(string Ratio, IReadOnlyList<double> PerRound, Spread Change, double FromMedians);

/// <summary>Configuration engram against engram-baseline at one size: our analyzers at two commits on the same code, in the same rounds.</summary>
/// <param name="Rules">By rule IDs, in ordinal order.</param>
/// <param name="OursSecondsMedian">Median of our total analyzer time.</param>
/// <param name="BaselineSecondsMedian">Median of the baseline's total analyzer time.</param>
/// <param name="Total">Our total analyzer time over the baseline's.</param>
/// <param name="SharedRules">Our time in the rules the baseline also has (the rows with both figures) over the baseline's total: the change without our new rules.</param>
internal sealed record BaselineComparison(
    string Ours,
    string Baseline,
    IReadOnlyList<RuleComparison> Rules,
    double OursSecondsMedian,
    double BaselineSecondsMedian,
    RatioChange Total,
    RatioChange SharedRules);

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
    // "Engram.Analyzers.Rules.UsedAcrossAwaitAnalyzer (ENG002)", "...SharedStateAnalyzer (ENG003, ENG007)"
    private static readonly Regex s_ruleIds = new(@"\((?<ids>[^()]+)\)\s*$", RegexOptions.CultureInvariant);

    public const string MethodDescription =
        "Each run is a full rebuild (`dotnet build --no-incremental`) in a fresh csc process (`UseSharedCompilation=false`, no "
        + "compiler server), with `ReportAnalyzer=true` and a binary log. Analyzer time is the compiler's own report: execution "
        + "time summed over the threads that ran the analyzers, including their JIT, as a CI build pays it. The compiler's time "
        + "is the Csc task's wall time when no analyzer is loaded. The SDK's own analyzers and the targeting pack's source "
        + "generators are removed from every configuration, so each one adds exactly one analyzer package to the same compilation. "
        + "Configurations are built in turn within each round (every other round in reverse order), after one unmeasured warm-up build each.";

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

        if (!runsByConfiguration.ContainsKey(ConfigurationNames.CompilerOnly))
        {
            throw new InvalidDataException($"'{directory}/generation.json' lists no {ConfigurationNames.CompilerOnly} configuration; every other one is measured against it.");
        }

        var compilerSeconds = Statistics.Median(runsByConfiguration[ConfigurationNames.CompilerOnly].Select(run => run.CscSeconds));
        var results = manifest.Configurations
            .Select(configuration => Summarize(configuration.Name, configuration.Description, runsByConfiguration[configuration.Name], compilerSeconds))
            .ToList();
        var againstBaseline = results.Any(result => result.Name == ConfigurationNames.Engram) && results.Any(result => result.Name == ConfigurationNames.Baseline)
            ? Compare(directory, results.Single(result => result.Name == ConfigurationNames.Engram), runsByConfiguration[ConfigurationNames.Engram], results.Single(result => result.Name == ConfigurationNames.Baseline), runsByConfiguration[ConfigurationNames.Baseline])
            : null;
        return new ScaleResult(scale, manifest.Files, manifest.Lines, runCounts[0], compilerSeconds, results, againstBaseline);
    }

    /// <exception cref="InvalidDataException">The runs of the two configurations do not pair up by round.</exception>
    private static BaselineComparison Compare(
        string directory, ConfigurationResult ours, List<CompilationRun> oursRuns, ConfigurationResult baseline, List<CompilationRun> baselineRuns)
    {
        var oursRounds = ResultsDirectory.Runs(Path.Combine(directory, ConfigurationNames.Engram)).Select(run => run.Run).ToList();
        var baselineRounds = ResultsDirectory.Runs(Path.Combine(directory, ConfigurationNames.Baseline)).Select(run => run.Run).ToList();
        if (!oursRounds.SequenceEqual(baselineRounds))
        {
            throw new InvalidDataException(
                $"The runs under '{directory}' do not pair up: {ConfigurationNames.Engram} has runs {string.Join(" ", oursRounds)}, {ConfigurationNames.Baseline} {string.Join(" ", baselineRounds)}.");
        }

        var oursByRule = oursRuns.Select(TimesByRule).ToList();
        var baselineByRule = baselineRuns.Select(TimesByRule).ToList();
        var oursMedians = RuleMedians(oursByRule);
        var baselineMedians = RuleMedians(baselineByRule);
        var shared = oursMedians.Keys.Where(baselineMedians.ContainsKey).ToList();
        var rules = oursMedians.Keys.Union(baselineMedians.Keys)
            .Order(StringComparer.Ordinal)
            .Select(rule => new RuleComparison(
                rule,
                oursMedians.TryGetValue(rule, out var oursSeconds) ? oursSeconds : null,
                baselineMedians.TryGetValue(rule, out var baselineSeconds) ? baselineSeconds : null))
            .ToList();
        return new BaselineComparison(
            ours.Description,
            baseline.Description,
            rules,
            ours.AnalyzerSecondsMedian,
            baseline.AnalyzerSecondsMedian,
            Change(
                "all our analyzers / all the baseline's",
                oursRuns.Zip(baselineRuns, (oursRun, baselineRun) => oursRun.Analyzers.TotalSeconds / baselineRun.Analyzers.TotalSeconds),
                ours.AnalyzerSecondsMedian / baseline.AnalyzerSecondsMedian),
            Change(
                "our rules that the baseline has too / all the baseline's",
                oursByRule.Zip(baselineRuns, (oursRun, baselineRun) => shared.Sum(rule => oursRun.GetValueOrDefault(rule)) / baselineRun.Analyzers.TotalSeconds),
                shared.Sum(rule => oursMedians[rule]) / baseline.AnalyzerSecondsMedian));
    }

    /// <summary>A run's analyzer times by the rule IDs each analyzer reports; analyzers reporting the same IDs add up.</summary>
    private static Dictionary<string, double> TimesByRule(CompilationRun run) =>
        run.Analyzers.Analyzers
            .GroupBy(pair => s_ruleIds.Match(pair.Key) is { Success: true } match ? match.Groups["ids"].Value : pair.Key, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Sum(pair => pair.Value), StringComparer.Ordinal);

    /// <summary>Each rule's median over the runs; a run that does not list the rule counts 0, as in <see cref="Summarize"/>.</summary>
    private static Dictionary<string, double> RuleMedians(List<Dictionary<string, double>> runs) =>
        runs.SelectMany(run => run.Keys).Distinct(StringComparer.Ordinal)
            .ToDictionary(rule => rule, rule => Statistics.Median(runs.Select(run => run.GetValueOrDefault(rule))), StringComparer.Ordinal);

    private static RatioChange Change(string ratio, IEnumerable<double> perRoundRatios, double ratioOfMedians)
    {
        var perRound = perRoundRatios.Select(value => value - 1).ToList();
        return new RatioChange(ratio, perRound, Spread.Of(perRound), ratioOfMedians - 1);
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

    /// <summary>The targets whose configurations were built (run.sh --configurations may leave some out); the others are not checked.</summary>
    private static List<TargetCheck> CheckTargets(List<ScaleResult> scales, List<ScalingResult> scaling)
    {
        var checks = new List<TargetCheck>();
        var baseScale = scales[0];
        if (Find(baseScale, ConfigurationNames.Engram) is { } ours)
        {
            checks.Add(new TargetCheck(
                $"Engram.Analyzers at most 1% of the compiler's time (x{baseScale.Scale})",
                $"{ours.AnalyzerSecondsMedian:0.000} s of {baseScale.CompilerSecondsMedian:0.000} s = {ours.ShareOfCompiler:0.00%}",
                ours.ShareOfCompiler <= 0.01));
        }

        foreach (var scale in scales)
        {
            if (Find(scale, ConfigurationNames.Engram) is { } oursAtScale && Find(scale, ConfigurationNames.VsThreading) is { } vsThreading)
            {
                checks.Add(new TargetCheck(
                    $"Engram.Analyzers below vs-threading's analyzers (x{scale.Scale})",
                    $"{oursAtScale.AnalyzerSecondsMedian:0.000} s vs {vsThreading.AnalyzerSecondsMedian:0.000} s",
                    oursAtScale.AnalyzerSecondsMedian < vsThreading.AnalyzerSecondsMedian));
            }
        }

        if (scales.Count > 1 && scaling.SingleOrDefault(result => result.Configuration == ConfigurationNames.Engram) is { } oursScaling)
        {
            var limit = 1.1 * scales[^1].Scale / scales[0].Scale;
            checks.Add(new TargetCheck(
                $"x{scales[^1].Scale / scales[0].Scale} the code costs Engram.Analyzers at most x{limit:0.0} the time",
                $"x{oursScaling.AnalyzerTimeRatio:0.00} (code x{oursScaling.CodeRatio:0.00} in lines; csc alone x{scaling.Single(result => result.Configuration == ConfigurationNames.CompilerOnly).CscTimeRatio:0.00})",
                oursScaling.AnalyzerTimeRatio <= limit));
        }

        foreach (var scale in scales)
        {
            if (Find(scale, ConfigurationNames.Engram) is not { } oursAtScale)
            {
                continue;
            }

            var falsePositives = oursAtScale.Diagnostics
                .Where(pair => pair.Key.StartsWith("ENG", StringComparison.Ordinal))
                .ToList();
            checks.Add(new TargetCheck(
                $"No ENG diagnostic on the generated (correct) code (x{scale.Scale})",
                falsePositives.Count == 0 ? "none" : string.Join(", ", falsePositives.Select(pair => $"{pair.Key} x{pair.Value}")),
                falsePositives.Count == 0));
        }

        return checks;
    }

    private static ConfigurationResult? Find(ScaleResult scale, string name) =>
        scale.Configurations.SingleOrDefault(configuration => configuration.Name == name);
}
