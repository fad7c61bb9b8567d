using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using BenchmarkDotNet.Reports;
using Engram.Benchmarks;

namespace Engram.Runtime.Benchmarks;

/// <summary>One benchmark case: times are per operation, in nanoseconds.</summary>
internal sealed record CaseResult(
    string Benchmark,
    string Method,
    IReadOnlyDictionary<string, string> Parameters,
    double MedianNanoseconds,
    double MeanNanoseconds,
    double StandardErrorNanoseconds,
    long? AllocatedBytesPerOperation);

internal sealed record TargetCheck(string Target, string Measured, bool Met);

/// <summary>Everything the runtime benchmarks measured, and the runtime targets checked against it.</summary>
internal sealed record RuntimeResults(
    MachineDescription Machine, string Command, string Job, IReadOnlyList<CaseResult> Cases, IndexMemoryResult? IndexMemory, IReadOnlyList<TargetCheck> Targets)
{
    /// <summary>How much more the 100,000-node store may cost than the 10-node one and still count as flat.</summary>
    public const double FlatTolerance = 1.25;

    public static RuntimeResults From(IEnumerable<Summary> summaries, string command, string job, IndexMemoryResult? indexMemory)
    {
        var cases = summaries
            .SelectMany(summary => summary.Reports)
            .Where(report => report.Success && report.ResultStatistics is not null)
            .Select(report => new CaseResult(
                report.BenchmarkCase.Descriptor.Type.Name,
                report.BenchmarkCase.Descriptor.WorkloadMethod.Name,
                report.BenchmarkCase.Parameters.Items.ToDictionary(
                    parameter => parameter.Name,
                    parameter => Convert.ToString(parameter.Value, CultureInfo.InvariantCulture) ?? string.Empty,
                    StringComparer.Ordinal),
                report.ResultStatistics!.Median,
                report.ResultStatistics.Mean,
                report.ResultStatistics.StandardError,
                report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase)))
            .ToList();
        return new RuntimeResults(MachineDescription.Current(), command, job, cases, indexMemory, CheckTargets(cases, indexMemory));
    }

    public CaseResult? Find(string method, string? parameter = null, int? value = null) => Find(Cases, method, parameter, value);

    private static CaseResult? Find(IEnumerable<CaseResult> cases, string method, string? parameter = null, int? value = null) =>
        cases.FirstOrDefault(result => result.Method == method
            && (parameter is null || result.Parameters.GetValueOrDefault(parameter) == value?.ToString(CultureInfo.InvariantCulture)));

    private static List<TargetCheck> CheckTargets(List<CaseResult> cases, IndexMemoryResult? indexMemory)
    {
        var checks = new List<TargetCheck>();
        CheckAtMost(checks, cases, "WarmSearchSimilar", "Warm SearchSimilar(limit 10) at 100,000 nodes of 256 floats at most 20 ms", 20e6);
        CheckAtMost(checks, cases, "WarmGetChatHistory", "Warm GetChatHistory(10) at 100,000 nodes at most 5 ms", 5e6);
        CheckAtMost(checks, cases, "BuildIndexByFirstSearch", "Index build (first search) at 100,000 nodes of 256 floats at most 3 s", 3e9);
        if (indexMemory is not null)
        {
            checks.Add(new TargetCheck(
                "Index memory at most 2x (raw embeddings + 32 bytes of metadata per node)",
                Invariant($"{Megabytes(indexMemory.MedianRetainedBytes)} retained (median of {indexMemory.RetainedBytesSorted.Count}) vs {Megabytes(indexMemory.TargetBytes)} allowed; raw embeddings {Megabytes(indexMemory.RawEmbeddingBytes)}"),
                indexMemory.MedianRetainedBytes <= indexMemory.TargetBytes));
        }

        if (Find(cases, "RawManagedThreadIdRead") is { } raw && Find(cases, "VerifyAccess") is { } verify)
        {
            var extra = verify.MedianNanoseconds - raw.MedianNanoseconds;
            checks.Add(new TargetCheck(
                "VerifyAccess within 1 ns of a raw Environment.CurrentManagedThreadId read",
                Invariant($"{verify.MedianNanoseconds:0.000} ns vs {raw.MedianNanoseconds:0.000} ns ({extra:+0.000;-0.000} ns)"),
                extra <= 1.0));
        }

        if (Find(cases, "ThreadStaticFieldRead") is { } threadStatic && Find(cases, "WarmContextDb") is { } contextDb)
        {
            var ratio = contextDb.MedianNanoseconds / threadStatic.MedianNanoseconds;
            checks.Add(new TargetCheck(
                "Warm ctx.Db within 2x of a [ThreadStatic] field read",
                Invariant($"{contextDb.MedianNanoseconds:0.000} ns vs {threadStatic.MedianNanoseconds:0.000} ns (x{ratio:0.00})"),
                ratio <= 2.0));
        }

        foreach (var method in new[] { "FirstDbOnNewThread", "FirstDbAndLoadOnNewThread", "OpenStoreCold" })
        {
            if (Find(cases, method, "StoreNodes", 10) is { } small && Find(cases, method, "StoreNodes", 100_000) is { } large)
            {
                var ratio = large.MedianNanoseconds / small.MedianNanoseconds;
                checks.Add(new TargetCheck(
                    $"{method} flat in store size (100,000 nodes at most x{FlatTolerance:0.00} of 10 nodes)",
                    Invariant($"{Microseconds(small.MedianNanoseconds)} at 10 nodes, {Microseconds(large.MedianNanoseconds)} at 100,000 (x{ratio:0.00})"),
                    ratio <= FlatTolerance));
            }
        }

        return checks;
    }

    private static void CheckAtMost(List<TargetCheck> checks, List<CaseResult> cases, string method, string target, double maxNanoseconds)
    {
        if (Find(cases, method) is { } result)
        {
            checks.Add(new TargetCheck(target, $"{Duration(result.MedianNanoseconds)} (mean {Duration(result.MeanNanoseconds)}, standard error {Duration(result.StandardErrorNanoseconds)})", result.MedianNanoseconds <= maxNanoseconds));
        }
    }

    /// <summary>A time in the unit that suits it: µs below a millisecond, ms below a second, else s.</summary>
    public static string Duration(double nanoseconds) =>
        nanoseconds < 1e6 ? Microseconds(nanoseconds)
        : nanoseconds < 1e9 ? Invariant($"{nanoseconds / 1e6:0.00} ms")
        : Invariant($"{nanoseconds / 1e9:0.00} s");

    public static string Megabytes(long bytes) => Invariant($"{bytes / 1e6:0.0} MB");

    public static string Microseconds(double nanoseconds) => Invariant($"{nanoseconds / 1000:0.0} µs");

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
