using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using static Engram.Benchmarks.AnalyzerOverhead.Report.InvariantText;

namespace Engram.Benchmarks.AnalyzerOverhead.Report;

/// <summary>The analyzer-overhead-sdk-defaults section of docs/performance.md.</summary>
internal static class SdkDefaultsMarkdown
{
    public static string Render(SdkDefaultsResults results)
    {
        var md = new StringBuilder();
        md.AppendSectionStart(
            "Analyzer overhead in a plain SDK build",
            results.Machine,
            results.Sdk,
            results.Commit,
            results.LoadBefore,
            results.Command,
            "medians, with the lowest and highest value in parentheses",
            results.Method);
        foreach (var scale in results.Scales)
        {
            md.AppendLine();
            md.AppendLine(Invariant(
                $"### x{scale.Scale}: {scale.Files:N0} files, {scale.Lines:N0} lines, {scale.Runs} rounds; one-minute load average before each build {scale.LoadBefore.Min:0.00} to {scale.LoadBefore.Max:0.00}"));
            md.AppendLine();
            md.AppendLine("| configuration | csc CPU time (s) | csc wall time (s) | whole build wall time (s) | warnings | ENG warnings |");
            md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
            foreach (var configuration in new[] { scale.Without, scale.With })
            {
                var engram = configuration.EngramWarnings.Count == 0
                    ? "0"
                    : string.Join(", ", configuration.EngramWarnings.Select(pair => $"{pair.Key} x{pair.Value}"));
                md.AppendLine(Invariant(
                    $"| {configuration.Description} | {Seconds(configuration.CscCpuSeconds)} | {Seconds(configuration.CscWallSeconds)} | {Seconds(configuration.BuildWallSeconds)} | {configuration.Warnings} | {engram} |"));
            }

            md.AppendLine();
            md.AppendLine("What adding Engram.Analyzers changed, round by round (with minus without):");
            md.AppendLine();
            md.AppendLine("| measure | median (s) | confidence interval of the median (s) | lowest to highest (s) | median over the build without | per round (s) |");
            md.AppendLine("| --- | ---: | ---: | ---: | ---: | --- |");
            foreach (var added in scale.Added)
            {
                md.AppendLine(Invariant(
                    $"| {added.Measure} | {Signed(added.Seconds.Median)} | {Interval(added.MedianInterval)} | {Signed(added.Seconds.Min)} to {Signed(added.Seconds.Max)} | {added.ShareOfBuildWithout:+0.0%;-0.0%;0.0%} | {PerRound(added.PerRound)} |"));
            }
        }

        return md.ToString();
    }

    private static string Seconds(Spread spread) => Invariant($"{spread.Median:0.00} ({spread.Min:0.00} to {spread.Max:0.00})");

    private static string Interval(MedianInterval? interval) =>
        interval is null ? "too few rounds" : Invariant($"{Signed(interval.Low)} to {Signed(interval.High)} ({interval.Coverage:0%})");

    private static string Signed(double seconds) => seconds.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture);

    private static string PerRound(IReadOnlyList<double> seconds) => string.Join(" ", seconds.Select(Signed));
}
