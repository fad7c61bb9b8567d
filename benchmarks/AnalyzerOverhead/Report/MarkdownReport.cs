using System;
using System.Globalization;
using System.Linq;
using System.Text;
using static Engram.Benchmarks.AnalyzerOverhead.Report.InvariantText;

namespace Engram.Benchmarks.AnalyzerOverhead.Report;

/// <summary>The analyzer-overhead section of docs/performance.md.</summary>
internal static class MarkdownReport
{
    private const int SlowestAnalyzersShown = 5;

    public static string Render(OverheadResults results)
    {
        var md = new StringBuilder();
        md.AppendSectionStart(
            "Analyzer overhead", results.Machine, results.Sdk, results.Commit, results.LoadBefore, results.Command, "medians of the measured runs below", results.Method);
        // run.sh --configurations may leave out every configuration a target is about; no table then.
        if (results.Targets.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("| target | measured | met |");
            md.AppendLine("| --- | --- | --- |");
            foreach (var check in results.Targets)
            {
                md.AppendLine($"| {check.Target} | {check.Measured} | {(check.Met ? "yes" : "**no**")} |");
            }
        }

        foreach (var scale in results.Scales)
        {
            md.AppendLine();
            md.AppendLine(Invariant($"### x{scale.Scale}: {scale.Files:N0} files, {scale.Lines:N0} lines, {scale.Runs} runs per configuration; the compiler alone takes {scale.CompilerSecondsMedian:0.00} s"));
            md.AppendLine();
            md.AppendLine("| configuration | analyzer time (s) | share of compiler time | csc wall time (s) | added to csc wall time (s) | analyzer time per run (s) | warnings |");
            md.AppendLine("| --- | ---: | ---: | ---: | ---: | --- | ---: |");
            foreach (var configuration in scale.Configurations)
            {
                var runs = string.Join(" ", configuration.AnalyzerSeconds.Select(seconds => seconds.ToString("0.000", CultureInfo.InvariantCulture)));
                md.AppendLine(Invariant(
                    $"| {configuration.Description} | {configuration.AnalyzerSecondsMedian:0.000} | {configuration.ShareOfCompiler:0.00%} | {configuration.CscSecondsMedian:0.00} | {configuration.CscDeltaSeconds:+0.00;-0.00;0.00} | {runs} | {configuration.Diagnostics.Values.Sum()} |"));
            }

            md.AppendLine();
            md.AppendLine("Slowest analyzers (median seconds; all of ours):");
            md.AppendLine();
            foreach (var configuration in scale.Configurations.Where(configuration => configuration.Analyzers.Count > 0))
            {
                var shown = configuration.Name is ConfigurationNames.Engram or ConfigurationNames.Baseline
                    ? configuration.Analyzers
                    : configuration.Analyzers.Take(SlowestAnalyzersShown);
                md.AppendLine($"- {configuration.Description}: " + string.Join("; ", shown.Select(time => Invariant($"`{time.Analyzer}` {Seconds(time.SecondsMedian)}"))));
            }

            if (scale.AgainstBaseline is { } comparison)
            {
                AppendBaselineComparison(md, scale.Scale, comparison);
            }
        }

        if (results.Scales.Count > 1)
        {
            md.AppendLine();
            md.AppendLine(Invariant($"### Scaling from x{results.Scales[0].Scale} to x{results.Scales[^1].Scale}"));
            md.AppendLine();
            md.AppendLine("| configuration | lines | analyzer time | csc wall time |");
            md.AppendLine("| --- | ---: | ---: | ---: |");
            foreach (var scaling in results.Scaling)
            {
                var analyzerRatio = scaling.AnalyzerTimeRatio is { } ratio ? Invariant($"x{ratio:0.00}") : "-";
                md.AppendLine(Invariant($"| {scaling.Configuration} | x{scaling.CodeRatio:0.00} | {analyzerRatio} | x{scaling.CscTimeRatio:0.00} |"));
            }
        }

        return md.ToString();
    }

    private static void AppendBaselineComparison(StringBuilder md, int scale, BaselineComparison comparison)
    {
        md.AppendLine();
        md.AppendLine(Invariant($"### x{scale}: against the baseline"));
        md.AppendLine();
        md.AppendLine(
            $"{comparison.Ours} (ours) against {comparison.Baseline}, on the same code in the same rounds. Median seconds by the rule IDs "
            + "the compiler reports for each analyzer; \"-\" where that side has no analyzer with those IDs.");
        md.AppendLine();
        md.AppendLine("| rules | ours (s) | baseline (s) |");
        md.AppendLine("| --- | ---: | ---: |");
        foreach (var rule in comparison.Rules)
        {
            md.AppendLine($"| {rule.Rules} | {SecondsOrDash(rule.OursSecondsMedian)} | {SecondsOrDash(rule.BaselineSecondsMedian)} |");
        }

        md.AppendLine($"| total analyzer time | {Seconds(comparison.OursSecondsMedian)} | {Seconds(comparison.BaselineSecondsMedian)} |");
        md.AppendLine();
        md.AppendLine("Ours over the baseline, as a change: run n of each was built in the same round; the last column divides the medians above.");
        md.AppendLine();
        md.AppendLine("| ratio | per round | median | lowest | highest | from the medians |");
        md.AppendLine("| --- | --- | ---: | ---: | ---: | ---: |");
        foreach (var ratio in new[] { comparison.Total, comparison.SharedRules })
        {
            md.AppendLine(
                $"| {ratio.Ratio} | {string.Join(" ", ratio.PerRound.Select(Change))} | {Change(ratio.Change.Median)} | {Change(ratio.Change.Min)} | {Change(ratio.Change.Max)} | {Change(ratio.FromMedians)} |");
        }
    }

    private static string SecondsOrDash(double? seconds) => seconds is { } value ? Seconds(value) : "-";

    private static string Change(double change) => change.ToString("+0.0%;-0.0%;0.0%", CultureInfo.InvariantCulture);

    private static string Seconds(double seconds) => seconds == 0 ? "<0.001" : seconds.ToString("0.000", CultureInfo.InvariantCulture);
}
